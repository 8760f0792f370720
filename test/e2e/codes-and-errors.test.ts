import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { blocksText, buttonIds, channelMessageFor, record, register } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

const messageRef = async (phone: string) => ({ ts: (await record(h, phone)).slack!.ts!, channel: (await record(h, phone)).slack!.channel });
const lastReply = () => h.slack.responses.at(-1)!;

describe('codes, resends and Twilio errors', () => {
  it('shows 63110 with the guidance for numbers already on WhatsApp, and keeps the failed record', async () => {
    h = await startHarness();
    h.sim.setScenario('+14155550100', 'already_registered');
    const { view } = await register(h, { phone: '+14155550100', name: 'Acme Store' });
    const text = blocksText(view.blocks);
    expect(text).toContain('63110');
    expect(text).toContain('Delete the WhatsApp account');
    expect(text).toContain('two-step verification');
    expect((await record(h, '+14155550100')).state).toBe('failed');
    expect(blocksText((await channelMessageFor(h, '+14155550100')).blocks)).toContain('63110');
  });

  it('puts a malformed code and a rejected code on the code field', async () => {
    h = await startHarness();
    const { viewId } = await register(h, { phone: '+14155550100', name: 'Acme Store' });
    h.clock.advance(1_000);
    const malformed = await h.submitView(viewId, { code: '12ab' });
    expect(malformed.body).toMatchObject({ response_action: 'errors', errors: { code: expect.stringContaining('6 digits') } });
    expect(h.sim.requestsOf('UpdateChannelsSender')).toHaveLength(0);

    const right = h.sim.codeSentTo('+14155550100')!;
    const wrong = right === '000000' ? '111111' : '000000';
    const rejected = await h.submitView(viewId, { code: wrong });
    expect(rejected.body.response_action).toBe('errors');
    expect(rejected.body.errors.code).toContain('Twilio did not accept this code (Twilio error 63100');
    expect(rejected.body.errors.code).toContain('Resend code');
    expect((await record(h, '+14155550100')).otp.codeAttempts).toBe(1);

    const accepted = await h.submitView(viewId, { code: `${right.slice(0, 3)} ${right.slice(3)}` });
    expect(accepted.body.response_action).toBe('update');
    expect((await record(h, '+14155550100')).otp.codeAttempts).toBe(2);
  });

  it('resends no more often than the setting allows, counting each resend', async () => {
    h = await startHarness({ resendMinMinutes: 3 });
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    h.clock.advanceMinutes(1);
    await h.click(ACTION.resend, (await record(h, '+14155550100')).id, await messageRef('+14155550100'));
    await h.settle();
    expect(lastReply().text).toContain('resend in about 2 min');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);

    h.clock.advanceMinutes(2);
    await h.click(ACTION.resend, (await record(h, '+14155550100')).id, await messageRef('+14155550100'));
    await h.settle();
    expect(lastReply().text).toContain('new code');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(2);
    expect((await record(h, '+14155550100')).otp.resends).toBe(1);
    expect(blocksText((await channelMessageFor(h, '+14155550100')).blocks)).toContain('resent 1');
  });

  it('switches an SMS registration to a voice call', async () => {
    h = await startHarness({ resendMinMinutes: 0.5 });
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    h.clock.advanceMinutes(1);
    await h.click(ACTION.switchToVoice, (await record(h, '+14155550100')).id, await messageRef('+14155550100'));
    await h.settle();
    const creates = h.sim.requestsOf('CreateChannelsSender');
    expect(creates).toHaveLength(2);
    expect(creates[1]!.body).toMatchObject({ configuration: { verification_method: 'voice' } });
    expect((await record(h, '+14155550100')).path).toBe('external_voice');
    expect(buttonIds((await channelMessageFor(h, '+14155550100')).blocks)).not.toContain(ACTION.switchToVoice);
  });

  it('opens the code view from the channel message after the modal is gone', async () => {
    h = await startHarness();
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    await h.click(ACTION.enterCode, (await record(h, '+14155550100')).id, await messageRef('+14155550100'));
    await h.settle();
    const opened = h.slack.callsOf('views.open').at(-1)!;
    expect(opened.args.view.callback_id).toBe('enter_code');
    h.clock.advance(1_000);
    const ack = await h.submitView(opened.args.__id, { code: h.sim.codeSentTo('+14155550100') });
    expect(ack.body.response_action).toBe('update');
    await h.settle();
    expect(buttonIds((await channelMessageFor(h, '+14155550100')).blocks)).not.toContain(ACTION.enterCode);
  });

  it('tells when Meta did not accept the code (the sender falls back to PENDING_VERIFICATION)', async () => {
    h = await startHarness();
    h.sim.setScenario('+14155550100', 'code_never_accepted');
    const { viewId } = await register(h, { phone: '+14155550100', name: 'Acme Store' });
    h.clock.advance(1_000);
    await h.submitView(viewId, { code: h.sim.codeSentTo('+14155550100') });
    h.clock.advanceMinutes(5);
    await h.command('status +14155550100');
    await h.settle();
    expect(blocksText(lastReply().blocks)).toContain('Meta did not accept the code');
    expect((await record(h, '+14155550100')).state).toBe('awaiting_code');
  });

  it('retries a 429 on create; after a 500 checks with Twilio, and sends again only once the create surely did not land', async () => {
    h = await startHarness();
    h.sim.failNext(429, 1, 'CreateChannelsSender');
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(2);
    expect(h.sim.state.senders.size).toBe(1);

    h.sim.failNext(500, 1, 'CreateChannelsSender');
    const { view } = await register(h, { phone: '+14155550200', name: 'Acme Store' });
    const ops = () => h.sim.requests.filter((r) => r.path.startsWith('/v2')).map((r) => r.operationId);
    expect(ops().slice(-2)).toEqual(['CreateChannelsSender', 'ListChannelsSender']);
    expect(blocksText(view.blocks)).toContain('checking with Twilio');
    expect((await record(h, '+14155550200')).state).toBe('creating');

    await h.drainQueue();
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(3);
    h.clock.advanceMinutes(2);
    await h.drainQueue();
    expect(ops().slice(-2)).toEqual(['ListChannelsSender', 'CreateChannelsSender']);
    expect(h.sim.state.senders.size).toBe(2);
    expect((await record(h, '+14155550200')).state).toBe('awaiting_code');
  });

  it('shows status, quality rating, messaging limit and offline reasons in plain words', async () => {
    h = await startHarness();
    h.sim.setScenario('+14155550100', 'stuck_offline', '63112');
    const { viewId } = await register(h, { phone: '+14155550100', name: 'Acme Store' });
    h.clock.advance(1_000);
    await h.submitView(viewId, { code: h.sim.codeSentTo('+14155550100') });
    h.clock.advanceMinutes(30);
    await h.command(`status ${(await record(h, '+14155550100')).sid}`);
    await h.settle();
    const text = blocksText(lastReply().blocks);
    expect(text).toContain('Offline');
    expect(text).toContain('63112');
    expect(text).toContain('Quality rating');
    expect(text).toContain('Fix what the offline reasons say');
  });
});
