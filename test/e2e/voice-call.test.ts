import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { registrationKey } from '../../src/senders/claims.js';
import { CALLS_PER_TOKEN } from '../../src/senders/codes/call-code.js';
import { META_DEFAULTS } from '../../src/senders/customers/onboarding-settings.js';
import { twilioSignature } from '../../src/twilio/webhook-signature.js';
import { ACTION } from '../../src/views/ids.js';
import { seedCustomers } from '../bulk/support.js';
import { blocksText, buttonIds, record, register } from '../support/flows.js';
import { type Harness, type HarnessOptions, startHarness } from '../support/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

const NUMBER = '+14155550122';

/** A bot with PUBLIC_URL set (its own address), and a voice-only Twilio number whose calls reach an IVR. */
async function voiceOnly(options: HarnessOptions = {}) {
  h = await startHarness({ onboarding: { ...META_DEFAULTS }, ...options });
  const number = h.sim.addNumber(h.mainAccountSid, NUMBER, { sms: false, voice: true });
  number.voice_url = 'https://example.com/ivr';
  number.voice_method = 'GET';
  return number;
}

/** Registers the number (no email asked) and returns the record once it waits for Meta's code. */
async function registerVoiceOnly() {
  const { view } = await register(h, { phone: NUMBER, name: 'Acme Store' });
  expect(view.callback_id).toBe('enter_code');
  expect(blocksText(view.blocks)).toContain('Meta calls the number and the bot answers');
  expect(blocksText(view.blocks)).not.toContain('voicemail');
  const stored = await record(h, NUMBER);
  expect(stored.state).toBe('awaiting_code');
  // Meta calls once the sender waits for its code (PENDING_VERIFICATION).
  h.clock.advance(1_000);
  return stored;
}

/** Presses Enter code on a note of the thread; returns the modal's view id. */
async function openCodeModal(recordId: string, ts: string): Promise<string> {
  await h.click(ACTION.enterCode, recordId, { ts, channel: 'C0ONBOARD' });
  await h.settle();
  return h.slack.callsOf('views.open').at(-1)!.args.__id as string;
}

const threadOf = async () => h.slack.repliesTo((await record(h, NUMBER)).slack!.ts!);

/** A call Twilio makes to the number (anyone's): its requests, signed as Twilio signs them. */
function caller(url: string, callSid: string) {
  const call = { AccountSid: h.mainAccountSid, CallSid: callSid, From: '+14155550999', To: NUMBER };
  return async (path: '' | '/heard' | '/recording', form: Record<string, string> = {}) => {
    const params = { ...call, ...form };
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'x-twilio-signature': twilioSignature(h.authToken, `${url}${path}`, params), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params),
    });
    return { status: response.status, body: await response.text() };
  };
}

const callSid = (digit: string) => `CA${digit.repeat(32)}`;

describe("the bot takes Meta's voice call itself", () => {
  it('points the number at its own signed route, takes the code from the call, and the sender goes ONLINE with nobody typing it', async () => {
    const number = await voiceOnly();
    const stored = await registerVoiceOnly();
    expect(number.voice_url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/voice/${stored.id}\\.[0-9a-f]{32}\\.[\\w-]+$`));
    expect(h.sim.requestsOf('UpdateIncomingPhoneNumber')[0]!.body).toMatchObject({ VoiceMethod: 'POST' });
    const code = h.sim.codeSentTo(NUMBER)!;

    h.sim.voiceCalls.setSpeech(NUMBER, 'words');
    const steps = await h.sim.voiceCalls.place(NUMBER);
    await h.settle();

    expect(steps.map((s) => s.status)).toEqual([200, 200]);
    expect(steps[0]!.body).toContain('<Gather input="speech"');
    expect(steps[0]!.body).not.toContain('dtmf');
    expect(steps[0]!.body).not.toContain('numDigits');
    expect(steps[0]!.body).toContain('speechModel="numbers_and_commands"');
    expect(steps[0]!.body).toContain('<Record');
    expect(steps[0]!.body).toContain('recordingStatusCallback=');
    expect(steps[1]!.body).toContain('<Hangup/>');
    expect(h.sim.requestsOf('UpdateChannelsSender')[0]!.body).toEqual({ configuration: { verification_code: code } });
    expect((await record(h, NUMBER)).state).toBe('verifying');
    const note = (await threadOf()).find((m) => m.text?.includes("code taken from Meta's call"));
    expect(blocksText(note?.blocks)).toMatch(/Code taken from Meta's call <!date\^\d+\^\{date_short_pretty\} \{time\}\|\d\d:\d\d UTC> \(••••\d\d\)/);
    expect(blocksText(note?.blocks)).toContain(`••••${code.slice(-2)}`);

    // The code went in as a person's would: in the audit log, and nowhere in the store, logs or Slack.
    const audit = await h.bot.store.audit.recent(50);
    expect(audit.find((a) => a.action === 'enter_code')).toMatchObject({ user: 'meta_call', target: NUMBER });
    expect(JSON.stringify(await h.bot.store.senders.list())).not.toContain(code);
    expect(h.logLines.join('\n')).not.toContain(code);
    expect(JSON.stringify(h.slack.messages)).not.toContain(code);

    await h.pollAfter(60_000);
    expect(number.voice_url).toBe('https://example.com/ivr');
    expect(number.voice_method).toBe('GET');
    h.clock.advanceMinutes(10);
    await h.pollAfter(60_000);
    expect((await record(h, NUMBER)).status).toBe('ONLINE');
    expect(h.sim.contractViolations).toEqual([]);
  });

  it('refuses a forged or replayed request with 403, and a replay submits nothing', async () => {
    const number = await voiceOnly();
    await registerVoiceOnly();
    const url = number.voice_url!;
    const params = { AccountSid: h.mainAccountSid, CallSid: `CA${'1'.repeat(32)}`, From: '+16505550100', To: NUMBER };
    const post = (to: string, signature: string, form: Record<string, string> = params) =>
      fetch(to, {
        method: 'POST',
        headers: { 'x-twilio-signature': signature, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form),
      });

    // Signed with another token, unsigned, or a token naming the registration with a made-up nonce.
    expect((await post(url, twilioSignature('not-the-auth-token', url, params))).status).toBe(403);
    expect((await post(url, '')).status).toBe(403);
    const forgedToken = url.replace(/\/voice\/(\w+)\.[0-9a-f]{32}\./, `/voice/$1.${'0'.repeat(32)}.`);
    expect((await post(forgedToken, twilioSignature(h.authToken, forgedToken, params))).status).toBe(403);
    const forgedAnswer = await post(forgedToken, twilioSignature(h.authToken, forgedToken, params));
    expect(await forgedAnswer.text()).toBe('');

    // Twilio's own request is answered; what it heard, taken once.
    expect((await post(url, twilioSignature(h.authToken, url, params))).status).toBe(200);
    const spoken = h.sim.codeSentTo(NUMBER)!.split('').join(' ');
    const heard = { ...params, SpeechResult: `code ${spoken} again ${spoken}` };
    const heardUrl = `${url}/heard`;
    expect((await post(heardUrl, twilioSignature(h.authToken, heardUrl, heard), heard)).status).toBe(200);
    await h.settle();
    const replay = await post(heardUrl, twilioSignature(h.authToken, heardUrl, heard), heard);
    expect(replay.status).toBe(403);
    expect((await post(url, twilioSignature(h.authToken, url, params))).status).toBe(403);
    await h.settle();
    expect(h.sim.requestsOf('UpdateChannelsSender')).toHaveLength(1);
    expect((await threadOf()).filter((m) => m.text?.includes("code taken from Meta's call"))).toHaveLength(1);
  });

  it('refuses a request whose token the bot never signed before reading its body', async () => {
    const number = await voiceOnly();
    await registerVoiceOnly();
    const forged = new URL(number.voice_url!.replace(/\.[\w-]+$/, `.${'A'.repeat(43)}`));
    // The body is announced but never finished, as a slow client would.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: forged.hostname,
          port: forged.port,
          path: forged.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '1000' },
        },
        (res) => {
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', reject);
      req.write('CallSid=CA');
      // Well inside the 10 s the bot gives a body: the answer must not wait for it.
      setTimeout(() => reject(new Error('no answer while the body was still coming')), 3_000).unref();
    });
    expect(status).toBe(403);
  });

  it("a subaccount's number is checked with the subaccount's own token, read again after a rotation", async () => {
    await voiceOnly();
    const [acme] = await seedCustomers(h, 1);
    const number = h.sim.addNumber(acme!.accountSid, '+14155550133', { sms: false, voice: true });
    await register(h, { customer: acme!.id, phone: '+14155550133', name: 'Acme Store' });
    expect(number.voice_url).toContain('/voice/');
    h.clock.advance(1_000);
    // Its owner rotated the token since the bot read it: the bot reads it again rather than refuse Twilio.
    h.sim.rotateToken(acme!.accountSid);
    const steps = await h.sim.voiceCalls.place('+14155550133');
    await h.settle();
    expect(steps.map((s) => s.status)).toEqual([200, 200]);
    expect((await record(h, '+14155550133')).state).toBe('verifying');
  });

  it('a call after the registration was abandoned submits nothing', async () => {
    const number = await voiceOnly();
    const stored = await registerVoiceOnly();
    const url = number.voice_url!;
    await h.click(ACTION.abandon, stored.id, { ts: stored.slack!.ts!, channel: 'C0ONBOARD' });
    await h.settle();
    expect(number.voice_url).toBe('https://example.com/ivr');
    const params = { AccountSid: h.mainAccountSid, CallSid: `CA${'2'.repeat(32)}`, To: NUMBER, SpeechResult: '1 2 3 4 5 6' };
    const answer = await fetch(`${url}/heard`, {
      method: 'POST',
      headers: { 'x-twilio-signature': twilioSignature(h.authToken, `${url}/heard`, params), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params),
    });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('<Hangup/>');
    await h.settle();
    expect(h.sim.requestsOf('UpdateChannelsSender')).toHaveLength(0);
    expect((await record(h, NUMBER)).state).toBe('abandoned');

    // A recording Twilio made of that call is deleted at once, never posted.
    const recordingSid = `RE${'4'.repeat(32)}`;
    h.sim.voiceCalls.recordings.set(recordingSid, { accountSid: h.mainAccountSid, audio: Buffer.from('ID3') });
    const recording = { AccountSid: h.mainAccountSid, CallSid: params.CallSid, RecordingSid: recordingSid, RecordingStatus: 'completed', RecordingUrl: 'x' };
    const kept = await fetch(`${url}/recording`, {
      method: 'POST',
      headers: { 'x-twilio-signature': twilioSignature(h.authToken, `${url}/recording`, recording), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(recording),
    });
    expect(kept.status).toBe(204);
    await h.settle();
    expect(h.sim.voiceCalls.recordings.size).toBe(0);
    expect(h.slack.callsOf('files.getUploadURLExternal')).toHaveLength(0);
  });

  it('garbled speech: the rest of the call is recorded, the thread asks a person with Enter code, and no code is sent', async () => {
    await voiceOnly();
    await registerVoiceOnly();
    h.sim.voiceCalls.setSpeech(NUMBER, 'noise');
    const steps = await h.sim.voiceCalls.place(NUMBER);
    await h.settle();
    expect(steps[1]!.body).toContain('<Record');
    expect(steps.at(-1)!.status).toBe(204);
    expect(h.sim.requestsOf('UpdateChannelsSender')).toHaveLength(0);
    const note = (await threadOf()).find((m) => m.text?.includes('needs a person'));
    expect(blocksText(note?.blocks)).toContain('the call did not give six digits');
    expect(buttonIds(note!.blocks)).toContain(ACTION.enterCode);
    expect((await record(h, NUMBER)).state).toBe('awaiting_code');

    // The recording follows in the thread, named after the registration only, once.
    const stored = await record(h, NUMBER);
    const [recordingSid] = [...h.sim.voiceCalls.recordings.keys()];
    expect(stored.voiceForward?.call?.recordings).toEqual([{ sid: recordingSid, callSid: expect.stringMatching(/^CA[0-9a-f]{32}$/) }]);
    expect(h.slack.callsOf('files.getUploadURLExternal').map((c) => c.args.filename)).toEqual([`meta-call-${stored.id}.mp3`]);
    const shared = h.slack.callsOf('files.completeUploadExternal');
    expect(shared).toHaveLength(1);
    expect(shared[0]!.args).toMatchObject({ channel_id: 'C0ONBOARD', thread_ts: stored.slack!.ts });
    expect(shared[0]!.args.initial_comment).toContain('Enter code');

    // Twilio delivering the same recording again posts nothing more.
    const recordingUrl = steps.at(-1)!.url;
    const again = {
      AccountSid: h.mainAccountSid,
      CallSid: `CA${'5'.repeat(32)}`,
      RecordingSid: recordingSid!,
      RecordingStatus: 'completed',
      RecordingUrl: 'x',
    };
    const replay = await fetch(recordingUrl, {
      method: 'POST',
      headers: { 'x-twilio-signature': twilioSignature(h.authToken, recordingUrl, again), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(again),
    });
    expect(replay.status).toBe(204);
    await h.settle();
    expect(h.slack.callsOf('files.completeUploadExternal')).toHaveLength(1);

    // Once the code is accepted, the recording is deleted from Twilio.
    const viewId = await openCodeModal(stored.id, note!.ts);
    await h.submitView(viewId, { code: h.sim.codeSentTo(NUMBER) });
    await h.settle();
    await h.pollAfter(60_000);
    expect(h.sim.voiceCalls.recordings.size).toBe(0);
    expect((await record(h, NUMBER)).voiceForward?.call?.recordings?.[0]?.deletedAt).toBeDefined();
    expect(h.sim.contractViolations).toEqual([]);
  });

  it('nothing said: Twilio goes on to the recording, and the thread asks a person', async () => {
    await voiceOnly();
    await registerVoiceOnly();
    h.sim.voiceCalls.setSpeech(NUMBER, 'silence');
    await h.sim.voiceCalls.place(NUMBER);
    await h.settle();
    const note = (await threadOf()).find((m) => m.text?.includes('needs a person'));
    expect(blocksText(note?.blocks)).toContain('nothing was heard on the call');
  });

  it('a wrong code heard clearly: Twilio refuses it, the thread asks a person, whose code then goes in', async () => {
    await voiceOnly();
    await registerVoiceOnly();
    h.sim.voiceCalls.setSpeech(NUMBER, 'wrong_code');
    await h.sim.voiceCalls.place(NUMBER);
    await h.settle();
    expect(h.sim.requestsOf('UpdateChannelsSender')).toHaveLength(1);
    const note = (await threadOf()).find((m) => m.text?.includes('needs a person'));
    expect(blocksText(note?.blocks)).toContain('Twilio refused the code heard on the call');
    expect((await record(h, NUMBER)).state).toBe('awaiting_code');

    const viewId = await openCodeModal((await record(h, NUMBER)).id, note!.ts);
    await h.submitView(viewId, { code: h.sim.codeSentTo(NUMBER) });
    await h.settle();
    expect((await record(h, NUMBER)).state).toBe('verifying');
  });

  it('after a wrong code, Resend code makes Meta call again under a new token, and that call is taken', async () => {
    const number = await voiceOnly();
    const stored = await registerVoiceOnly();
    h.sim.voiceCalls.setSpeech(NUMBER, 'wrong_code');
    await h.sim.voiceCalls.place(NUMBER);
    await h.settle();
    const spentUrl = number.voice_url!;

    h.clock.advanceMinutes(3);
    await h.click(ACTION.resend, stored.id, { ts: stored.slack!.ts!, channel: 'C0ONBOARD' });
    await h.settle();
    expect(number.voice_url).not.toBe(spentUrl);
    h.clock.advance(1_000);
    h.sim.voiceCalls.setSpeech(NUMBER, 'digits');
    const steps = await h.sim.voiceCalls.place(NUMBER);
    await h.settle();
    expect(steps.map((s) => s.status)).toEqual([200, 200]);
    expect((await record(h, NUMBER)).state).toBe('verifying');
  });

  it("a person's code that came first is used; the call's comes after and submits nothing", async () => {
    const number = await voiceOnly();
    const { viewId } = await register(h, { phone: NUMBER, name: 'Acme Store' });
    h.clock.advance(1_000);
    const code = h.sim.codeSentTo(NUMBER)!;
    await h.submitView(viewId, { code });
    await h.settle();
    expect((await record(h, NUMBER)).state).toBe('verifying');
    const url = number.voice_url!;
    const params = { AccountSid: h.mainAccountSid, CallSid: `CA${'3'.repeat(32)}`, To: NUMBER, SpeechResult: code };
    const answer = await fetch(`${url}/heard`, {
      method: 'POST',
      headers: { 'x-twilio-signature': twilioSignature(h.authToken, `${url}/heard`, params), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params),
    });
    expect(await answer.text()).toContain('<Hangup/>');
    await h.settle();
    expect(h.sim.requestsOf('UpdateChannelsSender')).toHaveLength(1);
    expect((await threadOf()).filter((m) => m.text?.includes("Meta's call"))).toHaveLength(0);
  });

  it("a stranger's call first, keying or saying the digits: nothing is sent, and Meta's call after it is still taken", async () => {
    const number = await voiceOnly();
    await registerVoiceOnly();
    const code = h.sim.codeSentTo(NUMBER)!;
    const stranger = caller(number.voice_url!, callSid('6'));
    expect((await stranger('')).body).toContain('<Gather');
    // Keys are not listened to, and six digits said once are not a code the bot is sure of.
    expect((await stranger('/heard', { Digits: code })).body).toContain('<Record');
    expect((await stranger('/heard', { SpeechResult: code.split('').join(' ') })).body).toContain('<Hangup/>');
    await h.settle();
    expect(h.sim.requestsOf('UpdateChannelsSender')).toHaveLength(0);
    const note = (await threadOf()).find((m) => m.text?.includes('needs a person'));
    expect(blocksText(note?.blocks)).toContain('nothing was heard on the call');
    expect(blocksText(note?.blocks)).toContain('It may not be Meta’s call');

    h.sim.voiceCalls.setSpeech(NUMBER, 'digits');
    const steps = await h.sim.voiceCalls.place(NUMBER);
    await h.settle();
    expect(steps.map((s) => s.status)).toEqual([200, 200]);
    expect(h.sim.requestsOf('UpdateChannelsSender')[0]!.body).toEqual({ configuration: { verification_code: code } });
    expect((await record(h, NUMBER)).state).toBe('verifying');
  });

  it(`answers ${CALLS_PER_TOKEN} unclear calls per token (counted in the store), one recording posted per call; then only Resend code brings a new one`, async () => {
    const number = await voiceOnly();
    const stored = await registerVoiceOnly();
    h.sim.voiceCalls.setSpeech(NUMBER, 'noise');
    for (let call = 0; call < CALLS_PER_TOKEN; call += 1) await h.sim.voiceCalls.place(NUMBER);
    await h.settle();
    expect(h.sim.requestsOf('UpdateChannelsSender')).toHaveLength(0);
    expect((await record(h, NUMBER)).voiceForward?.call?.calls).toHaveLength(CALLS_PER_TOKEN);
    const shared = h.slack.callsOf('files.completeUploadExternal');
    expect(shared).toHaveLength(CALLS_PER_TOKEN);
    expect(shared[0]!.args.initial_comment).toContain("it may not be Meta's call");
    const notes = (await threadOf()).filter((m) => m.text?.includes('needs a person'));
    expect(notes).toHaveLength(CALLS_PER_TOKEN);
    expect(blocksText(notes.at(-1)!.blocks)).toContain(`answered ${CALLS_PER_TOKEN} calls for this code and answers no more`);

    // A second recording of the same call is kept for deletion, not posted.
    const again = caller(number.voice_url!, (await record(h, NUMBER)).voiceForward!.call!.calls![0]!.sid);
    const recordingSid = `RE${'7'.repeat(32)}`;
    h.sim.voiceCalls.recordings.set(recordingSid, { accountSid: h.mainAccountSid, audio: Buffer.from('ID3') });
    expect((await again('/recording', { RecordingSid: recordingSid, RecordingStatus: 'completed', RecordingUrl: 'x' })).status).toBe(204);
    await h.settle();
    expect(h.slack.callsOf('files.completeUploadExternal')).toHaveLength(CALLS_PER_TOKEN);

    // One more call is hung up at once, even Meta's.
    h.sim.voiceCalls.setSpeech(NUMBER, 'digits');
    const refused = await h.sim.voiceCalls.place(NUMBER);
    expect(refused.map((s) => s.body)).toEqual([expect.stringContaining('<Hangup/>')]);
    expect(h.sim.requestsOf('UpdateChannelsSender')).toHaveLength(0);

    h.clock.advanceMinutes(3);
    await h.click(ACTION.resend, stored.id, { ts: stored.slack!.ts!, channel: 'C0ONBOARD' });
    await h.settle();
    h.clock.advance(1_000);
    const steps = await h.sim.voiceCalls.place(NUMBER);
    await h.settle();
    expect(steps.map((s) => s.status)).toEqual([200, 200]);
    expect((await record(h, NUMBER)).state).toBe('verifying');
  });

  it('a code heard while a person acts on the registration is not lost: the token stays open, the thread asks a person', async () => {
    const number = await voiceOnly();
    const stored = await registerVoiceOnly();
    const code = h.sim.codeSentTo(NUMBER)!;
    const spoken = code.split('').join(' ');
    const meta = caller(number.voice_url!, callSid('8'));
    await meta('');
    h.bot.senders.inProcess.take(registrationKey(stored.id));
    const heard = await meta('/heard', { SpeechResult: `your code is ${spoken} again ${spoken}` });
    h.bot.senders.inProcess.release(registrationKey(stored.id));
    expect(heard.body).toContain('<Record');
    await h.settle();
    expect(h.sim.requestsOf('UpdateChannelsSender')).toHaveLength(0);
    expect((await record(h, NUMBER)).voiceForward?.call?.spentAt).toBeUndefined();
    const note = (await threadOf()).find((m) => m.text?.includes('needs a person'));
    expect(blocksText(note?.blocks)).toContain('the bot did not send it');

    h.sim.voiceCalls.setSpeech(NUMBER, 'words');
    await h.sim.voiceCalls.place(NUMBER);
    await h.settle();
    expect((await record(h, NUMBER)).state).toBe('verifying');
  });

  it('without PUBLIC_URL the Voicemail Twimlet stays', async () => {
    h = await startHarness();
    const number = h.sim.addNumber(h.mainAccountSid, NUMBER, { sms: false, voice: true });
    await register(h, { phone: NUMBER, name: 'Acme Store', voice_email: 'ops@example.com' });
    expect(number.voice_url).toBe('https://twimlets.com/voicemail?Email=ops%40example.com');
  });
});
