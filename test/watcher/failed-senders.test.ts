import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATION_CHECKLIST } from '../../src/senders/registration/migration.js';
import { ACTION } from '../../src/views/ids.js';
import { blocksText, buttonIds, channelMessageFor, record, register } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';
import { stored } from '../support/stored.js';
import { pollEveryMinute, registerAndVerify } from './support.js';

const PHONE = '+14155550300';
let h: Harness;
afterEach(async () => h?.stop());

async function homeText() {
  await h.event({ type: 'app_home_opened', user: 'U0ALICE', channel: 'D0HOME', tab: 'home' });
  await h.settle();
  return h.slack.callsOf('views.publish').at(-1)!.args.view;
}

const click = async (action: string) => h.click(action, (await record(h, PHONE)).id, { ts: (await record(h, PHONE)).slack!.ts!, channel: 'C0ONBOARD' });

describe('a failed registration is not a dead end', () => {
  it('offers its way forward on its message and the Home tab: sent again with the same values once the cause is fixed', async () => {
    h = await startHarness();
    h.sim.setScenario(PHONE, 'already_registered');
    await register(h, { phone: PHONE, name: 'Acme Store', about: 'We sell anvils' });
    expect((await record(h, PHONE)).state).toBe('failed');
    // Already on WhatsApp (63110): Migrate with its checklist is the way forward; no blind Retry beside it.
    expect(buttonIds((await channelMessageFor(h, PHONE)).blocks)).toEqual([ACTION.migrate, ACTION.dismiss]);
    expect(blocksText((await channelMessageFor(h, PHONE)).blocks)).toContain('press *Migrate*');
    const home = await homeText();
    expect(buttonIds(home.blocks)).toEqual(expect.arrayContaining([ACTION.migrate, ACTION.dismiss]));
    expect(buttonIds(home.blocks)).not.toContain(ACTION.retry);
    await click(ACTION.retry);
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('press *Migrate*');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);

    // The person deleted the other WhatsApp account, as the error said, and confirms Migrate's checklist.
    h.sim.state.scenarios.delete(PHONE);
    await click(ACTION.migrate);
    await h.settle();
    const checklist = h.slack.callsOf('views.open').at(-1)!.args.__id as string;
    await h.submitView(checklist, { checklist: MIGRATION_CHECKLIST.map((item) => item.id) });
    await h.settle();
    await h.drainQueue();
    await h.settle();
    const creates = h.sim.requestsOf('CreateChannelsSender');
    expect(creates).toHaveLength(2);
    expect(creates[1]!.body).toEqual(creates[0]!.body);
    expect((await record(h, PHONE)).state).toBe('awaiting_code');
    expect((await record(h, PHONE)).lastError).toBeUndefined();
    expect(buttonIds((await channelMessageFor(h, PHONE)).blocks)).toContain(ACTION.enterCode);
    expect((await stored(h)).senders.filter((s) => s.phoneNumber === PHONE)).toHaveLength(1);
    expect(h.sim.contractViolations).toEqual([]);

    await click(ACTION.retry);
    await h.settle();
    expect(h.slack.responses.at(-1)!.text).toContain('Nothing to retry');
  });

  it('Dismiss sets it aside: off the Home tab, said on its message, and its way forward stays', async () => {
    h = await startHarness();
    h.sim.setScenario(PHONE, 'already_registered');
    await register(h, { phone: PHONE, name: 'Acme Store' });
    await click(ACTION.dismiss);
    await h.settle();
    expect((await record(h, PHONE)).dismissed?.by).toBe('U0ALICE');
    expect(blocksText((await channelMessageFor(h, PHONE)).blocks)).toContain('Dismissed by <@U0ALICE>');
    expect(buttonIds((await channelMessageFor(h, PHONE)).blocks)).toEqual([ACTION.migrate]);
    const home = blocksText((await homeText()).blocks);
    expect(home).toContain('Needs a person (0)');
  });

  it('the Home tab says when nothing was due and when the next check is', async () => {
    h = await startHarness();
    await registerAndVerify(h, '+14155550100');
    await pollEveryMinute(h, 10);
    expect((await record(h, '+14155550100')).status).toBe('ONLINE');
    await h.pollAfter(60_000);
    const next = new Date(Date.parse((await record(h, '+14155550100')).watch!.nextCheckAt)).toISOString().slice(11, 16);
    expect(blocksText((await homeText()).blocks)).toMatch(new RegExp(`nothing due; next check <!date\\^\\d+\\^[^|]+\\|${next} UTC>`));
  });
});
