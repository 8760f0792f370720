import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { nameStatusWords } from '../../src/views/name-verdicts.js';
import { blocksText, buttonIds, record } from '../support/flows.js';
import { type Harness, type HarnessOptions, harnessPerTest, sameWorld } from '../support/harness.js';
import { alertsMatching, pollEveryMinute, registerAndVerify, threadOf } from './support.js';

const MINUTE = 60_000;
const PHONE = '+14155550100';
const startHarnessed = harnessPerTest();
const start = (options: HarnessOptions = {}) => startHarnessed({ delays: { creatingMs: 1_000, verifyingMs: MINUTE, offlineMs: MINUTE }, ...options });

async function renamedOnline(h: Harness, name = 'Acme Market') {
  await registerAndVerify(h, PHONE);
  await pollEveryMinute(h, 10);
  expect((await record(h, PHONE)).status).toBe('ONLINE');
  await h.command(`rename ${PHONE} ${name}`);
  await h.settle();
}

/** The thread's notes of one verdict, which say the status in words. */
const verdictNotes = async (h: Harness, status: string) =>
  (await threadOf(h, PHONE)).filter((m) => m.text.includes(`display name Acme Market ${nameStatusWords(status)}`));
const messageOf = async (h: Harness) => {
  const ts = (await record(h, PHONE)).slack!.ts;
  return h.slack.messages.find((m) => m.ts === ts)!;
};

describe("the watcher follows Meta's verdict on a display-name change", () => {
  it('posts each verdict once in the thread; COMPLETED shows the new name on the message; nothing again across a restart', async () => {
    const first = await start();
    await renamedOnline(first);
    await pollEveryMinute(first, 3);
    expect(await verdictNotes(first, 'PENDING_REVIEW')).toHaveLength(1);
    expect(blocksText((await messageOf(first)).blocks)).toContain('Display name change to *Acme Market*: *under review by Meta*');

    await first.stop({ keepServices: true });
    const h = await start(sameWorld(first));
    await pollEveryMinute(h, 40);
    expect(await verdictNotes(h, 'PENDING_REVIEW')).toHaveLength(1);
    expect(await verdictNotes(h, 'COMPLETED')).toHaveLength(1);
    expect((await record(h, PHONE)).profile.name).toBe('Acme Market');
    expect(blocksText((await messageOf(h)).blocks)).toContain('Acme Market');
    expect(blocksText((await messageOf(h)).blocks)).not.toContain('Display name change to');
    for (const status of ['PENDING_REVIEW', 'APPROVED', 'COMPLETED']) expect((await verdictNotes(h, status)).length).toBeLessThanOrEqual(1);
    expect(alertsMatching(h, 'declined')).toHaveLength(0);
  });

  it("DECLINED is alerted once with Meta's reason and a Change display name button", async () => {
    const first = await start();
    first.sim.setScenario(PHONE, 'name_declined', undefined, 5 * MINUTE);
    await renamedOnline(first);
    await pollEveryMinute(first, 20);
    const alerts = alertsMatching(first, 'declined the display name');
    expect(alerts).toHaveLength(1);
    expect(blocksText(alerts[0]!.blocks)).toContain('does not match the business website');
    expect(buttonIds(alerts[0]!.blocks)).toContain(ACTION.changeName);
    expect(blocksText(alerts[0]!.blocks)).not.toContain('DECLINED');
    expect(await verdictNotes(first, 'DECLINED')).toHaveLength(1);
    expect((await record(first, PHONE)).profile.name).toBe('Acme Store');

    await first.stop({ keepServices: true });
    const h = await start(sameWorld(first));
    await pollEveryMinute(h, 40);
    expect(alertsMatching(h, 'declined the display name')).toHaveLength(1);
    expect(await verdictNotes(h, 'DECLINED')).toHaveLength(1);

    await h.command(`rename ${PHONE} Acme Bakery`);
    await h.settle();
    await pollEveryMinute(h, 40);
    expect((await threadOf(h, PHONE)).filter((m) => m.text.includes('display name Acme Bakery declined by Meta'))).toHaveLength(1);
    expect(await verdictNotes(h, 'DECLINED')).toHaveLength(1);
    expect(alertsMatching(h, 'declined the display name')).toHaveLength(2);

    // A name Meta approves: both declined alerts become one resolved line, none left open.
    h.sim.state.scenarios.delete(PHONE);
    await h.command(`rename ${PHONE} Acme Corner`);
    await h.settle();
    await pollEveryMinute(h, 40);
    expect((await record(h, PHONE)).profile.name).toBe('Acme Corner');
    const resolved = alertsMatching(h, 'display name resolved');
    expect(resolved).toHaveLength(2);
    expect(resolved[0]!.blocks).toHaveLength(1);
    expect(blocksText(resolved[0]!.blocks)).toMatch(
      /Resolved: Meta approved the display name \*Acme Corner\* for \*\+14155550100\* after \d+ (h|min)[^.]*\(Meta had declined \*Acme Bakery\*\)\./,
    );
    expect(alertsMatching(h, 'declined the display name')).toHaveLength(0);
  });

  it('REGISTRATION_FAILED offers Retry, which sends the same name again until it is COMPLETED', async () => {
    const h = await start();
    h.sim.setScenario(PHONE, 'name_registration_failed', undefined, 5 * MINUTE);
    await renamedOnline(h);
    await pollEveryMinute(h, 25);
    const failed = await verdictNotes(h, 'REGISTRATION_FAILED');
    expect(failed).toHaveLength(1);
    expect(buttonIds(failed[0]!.blocks)).toContain(ACTION.retryName);
    expect((await record(h, PHONE)).profile.name).toBe('Acme Store');

    await h.click(ACTION.retryName, (await record(h, PHONE)).id, { ts: failed[0]!.ts, channel: failed[0]!.channel });
    await h.settle();
    const sent = h.sim.requestsOf('UpdateChannelsSender').filter((r) => (r.body as any)?.profile);
    expect(sent.map((r) => r.body)).toEqual([{ profile: { name: 'Acme Market' } }, { profile: { name: 'Acme Market' } }]);
    await pollEveryMinute(h, 20);
    expect(await verdictNotes(h, 'COMPLETED')).toHaveLength(1);
    expect(await verdictNotes(h, 'REGISTRATION_FAILED')).toHaveLength(1);
    expect((await record(h, PHONE)).profile.name).toBe('Acme Market');
  });
});
