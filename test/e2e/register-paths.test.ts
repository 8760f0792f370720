import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { blocksText, buttonIds, channelMessageFor, record, register } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

describe('the four verification paths', () => {
  it('Twilio number with SMS: creates the sender, asks for no code, and Twilio verifies it by itself', async () => {
    h = await startHarness();
    h.sim.addNumber(h.mainAccountSid, '+14155550111', { sms: true, voice: true });
    const { view } = await register(h, { phone: '+14155550111', name: 'Acme Store' });

    expect(view.callback_id).not.toBe('enter_code');
    expect(blocksText(view.blocks)).toContain('verifies the number by itself');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(1);
    expect(h.sim.requestsOf('UpdateIncomingPhoneNumber')).toHaveLength(0);
    expect(buttonIds((await channelMessageFor(h, '+14155550111')).blocks)).not.toContain(ACTION.enterCode);

    h.clock.advanceMinutes(10);
    await h.command('status +14155550111');
    await h.settle();
    expect(blocksText(h.slack.responses.at(-1)!.blocks)).toContain('*Online*');
    expect((await record(h, '+14155550111')).state).toBe('online');
    expect(h.sim.contractViolations).toEqual([]);
  });

  it('Twilio number, voice only: points calls at the voicemail twimlet, takes the code, restores the voice settings once Meta has it', async () => {
    h = await startHarness();
    const number = h.sim.addNumber(h.mainAccountSid, '+14155550122', { sms: false, voice: true });
    number.voice_url = 'https://example.com/ivr';
    number.voice_method = 'GET';

    const first = await register(h, { phone: '+14155550122', name: 'Acme Store' });
    expect(first.view.callback_id).toBe('register_sender');
    expect(blocksText(first.view.blocks)).toContain('email for the voicemail code');
    expect(h.sim.requestsOf('CreateChannelsSender')).toHaveLength(0);

    await h.submitView(first.viewId, { phone: '+14155550122', name: 'Acme Store', voice_email: 'ops@example.com' });
    await h.settle();
    const forward = h.sim.requestsOf('UpdateIncomingPhoneNumber');
    expect(forward).toHaveLength(1);
    expect(forward[0]!.body).toMatchObject({ VoiceUrl: 'https://twimlets.com/voicemail?Email=ops%40example.com' });
    expect(number.voice_url).toBe('https://twimlets.com/voicemail?Email=ops%40example.com');
    expect(h.sim.requestsOf('CreateChannelsSender')[0]!.body).toMatchObject({ configuration: { verification_method: 'voice' } });
    const otp = h.slack.viewFor(first.viewId);
    expect(otp.callback_id).toBe('enter_code');
    expect(blocksText(otp.blocks)).toContain('ops@example.com');

    h.clock.advance(1_000);
    await h.submitView(first.viewId, { code: h.sim.codeSentTo('+14155550122') });
    await h.settle();
    expect(number.voice_url).toContain('twimlets');

    // The next check sees the code taken (the sender left PENDING_VERIFICATION) and restores the settings.
    await h.pollAfter(60_000);
    expect(number.voice_url).toBe('https://example.com/ivr');
    h.clock.advanceMinutes(10);
    await h.command('status +14155550122');
    await h.settle();
    expect(blocksText(h.slack.responses.at(-1)!.blocks)).toContain('*Online*');
    expect(number.voice_method).toBe('GET');
    expect((await record(h, '+14155550122')).voiceForward?.restoredAt).toBeDefined();
    expect(h.sim.contractViolations).toEqual([]);
  });

  it('Twilio voice-only number on a TwiML app: clears the app to forward, and puts the app back', async () => {
    h = await startHarness();
    const number = h.sim.addNumber(h.mainAccountSid, '+14155550123', { sms: false, voice: true });
    number.voice_application_sid = `AP${'b'.repeat(32)}`;
    const { viewId } = await register(h, { phone: '+14155550123', name: 'Acme Store', voice_email: 'ops@example.com' });
    expect(number.voice_application_sid).toBeNull();
    await h.click(ACTION.abandon, (await record(h, '+14155550123')).id, { ts: (await record(h, '+14155550123')).slack!.ts!, channel: 'C0ONBOARD' });
    await h.settle();
    expect(number.voice_application_sid).toBe(`AP${'b'.repeat(32)}`);
    expect((await record(h, '+14155550123')).state).toBe('abandoned');
    expect(viewId).toBeTruthy();
    expect(h.sim.contractViolations).toEqual([]);
  });

  it('non-Twilio number by voice: creates with verification_method voice and asks for the code read out in the call', async () => {
    h = await startHarness();
    const { viewId, view } = await register(h, { phone: '+447911123456', name: 'Acme Store', method: 'voice' });
    expect(h.sim.requestsOf('CreateChannelsSender')[0]!.body).toMatchObject({
      sender_id: 'whatsapp:+447911123456',
      configuration: { verification_method: 'voice' },
    });
    expect(view.callback_id).toBe('enter_code');
    expect(blocksText(view.blocks)).toContain('calls the number');
    expect(buttonIds((await channelMessageFor(h, '+447911123456')).blocks)).not.toContain(ACTION.switchToVoice);

    h.clock.advance(1_000);
    const ack = await h.submitView(viewId, { code: h.sim.codeSentTo('+447911123456') });
    expect(ack.body.response_action).toBe('update');
    expect((await record(h, '+447911123456')).state).toBe('verifying');
    expect(h.sim.contractViolations).toEqual([]);
  });
});
