import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { record, register } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';
import { pollEveryMinute, threadOf } from './support.js';

const MINUTE = 60_000;
const PHONE = '+14155550122';
const IVR = 'https://example.com/ivr';
let h: Harness;
afterEach(async () => h?.stop());

async function voiceOnlyRegistration(options: { voiceForwardMaxMs?: number } = {}) {
  h = await startHarness({ delays: { creatingMs: 1_000, verifyingMs: 5 * MINUTE, offlineMs: 5 * MINUTE }, watch: options });
  const number = h.sim.addNumber(h.mainAccountSid, PHONE, { sms: false, voice: true });
  number.voice_url = IVR;
  const { viewId } = await register(h, { phone: PHONE, name: 'Acme Store', voice_email: 'ops@example.com' });
  expect(number.voice_url).toContain('twimlets');
  return { number, viewId };
}

const restores = () => h.sim.requestsOf('UpdateIncomingPhoneNumber').filter((r) => (r.body as { VoiceUrl?: string }).VoiceUrl === IVR);
const notes = async (text: string) => (await threadOf(h, PHONE)).filter((m) => m.text.includes('go back to') && JSON.stringify(m.blocks).includes(text));

describe('voice forwarding of a voice-only Twilio number', () => {
  it('ends as soon as Meta has taken the code, before the sender is ONLINE, once, with a note in the thread', async () => {
    const { number, viewId } = await voiceOnlyRegistration();
    h.clock.advance(1_000);
    await h.submitView(viewId, { code: h.sim.codeSentTo(PHONE) });
    await h.settle();
    await h.pollAfter(MINUTE);
    expect((await record(h, PHONE)).status).toBe('VERIFYING');
    expect(number.voice_url).toBe(IVR);
    expect(await notes('Meta has taken the code')).toHaveLength(1);
    await pollEveryMinute(h, 30);
    expect((await record(h, PHONE)).status).toBe('ONLINE');
    expect(restores()).toHaveLength(1);
    expect(await notes('')).toHaveLength(1);
    expect(h.sim.contractViolations).toEqual([]);
  });

  it('ends after VOICE_FORWARD_MAX_HOURS whatever happens, and a resend forwards the calls again', async () => {
    const { number } = await voiceOnlyRegistration({ voiceForwardMaxMs: 2 * 60 * MINUTE });
    await pollEveryMinute(h, 100);
    expect(number.voice_url).toContain('twimlets');
    await pollEveryMinute(h, 40);
    expect(number.voice_url).toBe(IVR);
    expect(await notes('as long as the bot allows')).toHaveLength(1);
    await pollEveryMinute(h, 60);
    expect(restores()).toHaveLength(1);

    const r = await record(h, PHONE);
    await h.click(ACTION.resend, r.id, { ts: r.slack!.ts!, channel: 'C0ONBOARD' });
    await h.settle();
    expect(number.voice_url).toContain('twimlets');
    expect(h.sim.codeSentTo(PHONE)).toBeDefined();
    await pollEveryMinute(h, 60);
    expect(number.voice_url).toContain('twimlets');
  });

  it('ends when the sender is deleted in Twilio, saying so', async () => {
    const { number } = await voiceOnlyRegistration();
    h.sim.state.senders.clear();
    await h.pollAfter(MINUTE);
    expect((await record(h, PHONE)).status).toBe('DELETED');
    expect(number.voice_url).toBe(IVR);
    expect(await notes('the registration has ended')).toHaveLength(1);
  });
});
