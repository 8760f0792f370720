import { describe, expect, it } from 'vitest';
import { REFUSED } from '../../src/access.js';
import { ACTION } from '../../src/views/ids.js';
import { seedCustomers } from '../bulk/support.js';
import { blocksText, buttonIds, record } from '../support/flows.js';
import { type Harness, type HarnessOptions, harnessPerTest } from '../support/harness.js';
import type { Actor } from '../support/slack-requests.js';
import { stored } from '../support/stored.js';
import { pollEveryMinute, registerAndVerify } from './support.js';

const MINUTE = 60_000;
const PHONE = '+14155550100';
const start = harnessPerTest();

async function onlineHarness(options: HarnessOptions = {}) {
  const h = await start({ delays: { creatingMs: 1_000, verifyingMs: MINUTE, offlineMs: MINUTE }, ...options });
  await registerAndVerify(h, PHONE);
  await pollEveryMinute(h, 10);
  expect((await record(h, PHONE)).status).toBe('ONLINE');
  return h;
}

const lastText = (h: Harness) => h.slack.responses.at(-1)!.text as string;
const renames = (h: Harness) => h.sim.requestsOf('UpdateChannelsSender').filter((r) => (r.body as any)?.profile);
const messageOf = async (h: Harness) => {
  const ts = (await record(h, PHONE)).slack!.ts;
  return h.slack.messages.find((m) => m.ts === ts)!;
};

describe('changing a display name', () => {
  it('/senders rename sends the new name, says what Twilio answered, refuses a second change in review with when to try again, and audits', async () => {
    const h = await onlineHarness();
    await h.command(`rename +1 415 555 0100 "Acme Market"`);
    await h.settle();
    expect(renames(h).map((r) => r.body)).toEqual([{ profile: { name: 'Acme Market' } }]);
    expect(lastText(h)).toContain('Acme Market');
    expect(lastText(h)).toContain('sent it to Meta for review');
    expect((await stored(h)).audit.at(-1)).toMatchObject({ action: 'rename', target: PHONE, user: 'U0ALICE' });

    await h.command(`rename ${(await record(h, PHONE)).sid} Acme Shop Online`);
    await h.settle();
    expect(lastText(h)).toContain('still reviewing');
    expect(lastText(h)).toContain('try again after the verdict');

    await h.command(`rename ${PHONE} Acme Market`);
    await h.settle();
    expect(lastText(h)).toContain('still reviewing');
  });

  it('blocks a name that breaks the rules with the fix, before Twilio is asked; says no_change for the same name', async () => {
    const h = await onlineHarness();
    await h.command(`rename ${PHONE} ACME STORE`);
    await h.settle();
    expect(lastText(h)).toContain('cannot be used');
    expect(lastText(h)).toContain('capitals');
    await h.command(`rename ${PHONE} Acme Store`);
    await h.settle();
    expect(lastText(h)).toContain('already has this name');
    expect(renames(h)).toHaveLength(1);
  });

  it('the Change display name button opens a form: errors block, warnings are shown once, then the name is sent', async () => {
    const h = await onlineHarness();
    expect(buttonIds((await messageOf(h)).blocks)).toContain(ACTION.changeName);
    await h.click(ACTION.changeName, (await record(h, PHONE)).id, { ts: (await messageOf(h)).ts, channel: (await messageOf(h)).channel });
    await h.settle();
    const viewId = h.slack.callsOf('views.open').at(-1)!.args.__id as string;
    const refused = await h.submitView(viewId, { name: 'Free Pizza' });
    expect(refused.body.errors.name).toContain('promotional');
    const warned = await h.submitView(viewId, { name: 'Pizza' });
    expect(warned.body.response_action).toBe('update');
    expect(blocksText(h.slack.viewFor(viewId).blocks)).toContain('generic word');
    expect(renames(h)).toHaveLength(0);
    await h.submitView(viewId, { name: 'Pizza' });
    await h.settle();
    expect(renames(h).map((r) => r.body)).toEqual([{ profile: { name: 'Pizza' } }]);
    expect(blocksText(h.slack.viewFor(viewId).blocks)).toContain('sent it to Meta for review');
    expect(blocksText((await messageOf(h)).blocks)).toContain('Display name change to “Pizza”');
  });

  it('is refused to people not allowed to change things, and outside the customer a channel is bound to', async () => {
    const outsider: Actor = { user: 'U0MALLORY', channel: 'C0ONBOARD' };
    const h = await onlineHarness({ access: { allowedUsers: ['U0ALICE'], readOnlyOpen: true } });
    await h.command(`rename ${PHONE} Acme Market`, outsider);
    await h.settle();
    expect(lastText(h)).toBe(REFUSED);
    await h.click(ACTION.changeName, (await record(h, PHONE)).id, { ts: (await messageOf(h)).ts, channel: (await messageOf(h)).channel }, outsider);
    await h.settle();
    expect(lastText(h)).toBe(REFUSED);

    const [acme] = await seedCustomers(h, 1);
    const shared: Actor = { user: 'U0ALICE', channel: 'C0SHARED' };
    await h.command(`channel bind "${acme!.name}"`, shared);
    await h.settle();
    await h.command(`rename ${PHONE} Acme Market`, shared);
    await h.settle();
    expect(lastText(h)).toContain('bound to one customer');
    expect(renames(h)).toHaveLength(0);
  });
});
