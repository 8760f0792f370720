import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { ALICE, type Harness, startHarness } from '../support/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

const textOf = (view: any) => JSON.stringify(view.blocks);

describe('non-Twilio number by SMS, end to end', () => {
  it('opens the modal, creates the sender, takes the code and reaches ONLINE', async () => {
    h = await startHarness();
    const ack = await h.command('register');
    expect(ack.status).toBe(200);
    await h.settle();
    const opened = h.slack.callsOf('views.open')[0]!;
    const viewId = opened.args.__id as string;
    expect(opened.args.view.callback_id).toBe('register_sender');

    const submit = await h.submitView(viewId, { phone: '+1 (415) 555-0100', name: 'Acme Store', method: 'sms' });
    expect(submit.body.response_action).toBe('update');
    expect(JSON.stringify(submit.body.view)).toContain('Registering');
    await h.settle();

    const create = h.sim.requestsOf('CreateChannelsSender');
    expect(create).toHaveLength(1);
    expect(create[0]!.body).toMatchObject({
      sender_id: 'whatsapp:+14155550100',
      profile: { name: 'Acme Store' },
      configuration: { verification_method: 'sms' },
    });

    const otpView = h.slack.viewFor(viewId);
    expect(otpView.callback_id).toBe('enter_code');
    expect(textOf(otpView)).toContain('SMS');

    const message = h.slack.messages.find((m) => m.channel === ALICE.channel)!;
    expect(message).toBeDefined();
    const buttons = message.blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements.map((e: any) => e.action_id) : []));
    expect(buttons).toEqual(expect.arrayContaining([ACTION.enterCode, ACTION.resend, ACTION.switchToVoice]));

    h.clock.advance(1_000);
    const code = h.sim.codeSentTo('+14155550100')!;
    const verified = await h.submitView(viewId, { code });
    expect(verified.body.response_action).toBe('update');
    expect(JSON.stringify(verified.body.view)).toContain('Code accepted');
    expect(h.sim.requestsOf('UpdateChannelsSender')[0]!.body).toEqual({ configuration: { verification_code: code } });

    h.clock.advanceMinutes(5);
    await h.command('status +14155550100');
    await h.settle();
    const status = h.slack.responses.at(-1)!;
    expect(JSON.stringify(status.blocks)).toContain('*Online*');
    expect(JSON.stringify(status.blocks)).toContain('HIGH');
    expect(h.sim.contractViolations).toEqual([]);
  });
});
