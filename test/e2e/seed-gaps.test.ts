import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATION_CHECKLIST } from '../../src/senders/registration/migration.js';
import { ACTION, CALLBACK } from '../../src/views/ids.js';
import { blocksText, register } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';
import { stored } from '../support/stored.js';

let h: Harness;
afterEach(async () => h?.stop());

const PHONE = '+14155550100';
const latest = async () => (await h.bot.store.senders.list()).filter((s) => s.phoneNumber === PHONE).at(-1)!;
const creates = () => h.sim.requestsOf('CreateChannelsSender').length;
const lastReply = () => h.slack.responses.at(-1)!.text as string;

async function click(action: string) {
  const r = await latest();
  await h.click(action, r.id, { ts: r.slack!.ts!, channel: r.slack!.channel });
  await h.settle();
}

/** Past the resend wait and the account's pace. */
const later = () => h.clock.advanceMinutes(2);

async function channelText(): Promise<string> {
  const r = await latest();
  return blocksText(h.slack.messages.find((m) => m.ts === r.slack?.ts)?.blocks);
}

describe("Meta's limit on code requests, per number across registrations", () => {
  it('counts creates and resends of every registration of the number, says what is left, and refuses the one past the limit with when to ask again', async () => {
    h = await startHarness({ resendMinMinutes: 1, maxResends: 30, sendersMinIntervalMs: 60_000 });
    const firstAt = h.clock.now();
    await register(h, { phone: PHONE, name: 'Acme Store' });
    expect(await channelText()).toContain('9 code requests left for this number');
    for (let i = 0; i < 4; i += 1) {
      later();
      await click(ACTION.resend);
    }
    expect(lastReply()).toContain('A new code is on its way. 5 code requests left for this number');

    later();
    await click(ACTION.abandon);
    later();
    await register(h, { phone: PHONE, name: 'Acme Store' });
    // The second registration starts from what the first one used.
    expect(await channelText()).toContain('4 code requests left for this number');
    for (let i = 0; i < 3; i += 1) {
      later();
      await click(ACTION.resend);
    }
    expect(lastReply()).toContain('1 code request left for this number');
    later();
    await click(ACTION.switchToVoice);
    expect(lastReply()).toContain('That was the last code request Meta allows for this number in 7 days');
    expect(creates()).toBe(10);

    later();
    await click(ACTION.resend);
    expect(lastReply()).toContain(`${PHONE} already asked Meta for 10 verification codes in the last 7 days`);
    // The first request leaves Meta's 7-day window first.
    const freeAt = new Date(firstAt + 7 * 24 * 60 * 60_000).toISOString();
    expect(lastReply()).toContain(`The next code can be asked for from ${freeAt.slice(0, 10)} ${freeAt.slice(11, 16)} UTC. That is in 7 d;`);
    expect(creates()).toBe(10);

    // A third registration of the number is refused before anything goes out, saying so.
    later();
    await click(ACTION.abandon);
    later();
    const third = await register(h, { phone: PHONE, name: 'Acme Store' });
    expect(blocksText(third.view.blocks)).toContain('already asked Meta for 10 verification codes');
    expect((await latest()).state).toBe('failed');
    expect(creates()).toBe(10);
  });
});

describe('Migrate, for a number already registered with WhatsApp (63110)', () => {
  it('asks for every checklist item, records who confirmed it and when, then sends the registration again', async () => {
    h = await startHarness();
    h.sim.setScenario(PHONE, 'already_registered');
    await register(h, { phone: PHONE, name: 'Acme Store' });
    const failed = await latest();
    expect(failed.state).toBe('failed');
    const message = h.slack.messages.find((m) => m.ts === failed.slack?.ts)!;
    const buttons = (message.blocks as any[]).flatMap((b) => (b.type === 'actions' ? b.elements : []));
    expect(buttons.map((b: any) => [b.action_id, b.style])).toContainEqual([ACTION.migrate, 'primary']);
    // No blind Retry: the registration is sent again only through Migrate's checklist.
    expect(buttons.map((b: any) => b.action_id)).not.toContain(ACTION.retry);
    expect(blocksText(message.blocks)).toContain('press *Migrate*');

    await click(ACTION.migrate);
    const opened = h.slack.callsOf('views.open').at(-1)!;
    expect((opened.args.view as any).callback_id).toBe(CALLBACK.migrate);
    expect(blocksText((opened.args.view as any).blocks)).toContain('https://www.twilio.com/docs/whatsapp/migrate-numbers-and-senders');
    const viewId = opened.args.__id as string;

    // Not every item ticked: nothing is stored, nothing is sent.
    const partial = await h.submitView(viewId, { checklist: ['two_step_off'] });
    expect(partial.body).toMatchObject({ response_action: 'errors', errors: { checklist: expect.stringContaining('business is verified') } });
    expect((await stored(h)).audit.filter((e) => e.action === 'migration_confirmed')).toHaveLength(0);
    expect((await latest()).state).toBe('failed');

    h.sim.state.scenarios.delete(PHONE);
    h.clock.advanceMinutes(5);
    const done = await h.submitView(viewId, { checklist: MIGRATION_CHECKLIST.map((item) => item.id) });
    expect(done.body.response_action).toBe('update');
    expect(blocksText(done.body.view.blocks)).toContain('confirmed the migration checklist');
    const audit = (await stored(h)).audit;
    const confirmed = audit.find((e) => e.action === 'migration_confirmed')!;
    expect(confirmed).toMatchObject({ user: 'U0ALICE', target: PHONE, at: new Date(h.clock.now()).toISOString() });
    expect(audit.indexOf(confirmed)).toBe(audit.findIndex((e) => e.action === 'retry') - 1);

    await h.drainQueue();
    await h.settle();
    expect((await latest()).state).toBe('awaiting_code');
    // The create Twilio refused (63110) asked Meta for no code: only the one sent now counts.
    expect(await channelText()).toContain('9 code requests left for this number');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(2);
  });
});
