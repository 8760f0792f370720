import { randomBytes } from 'node:crypto';
import { twilioSignature } from '../twilio/webhook-signature.js';
import { type SimSender, type SimState, sid } from './sim-state.js';

/** What Meta's call sounds like to Twilio's speech recognition. */
export type CallSpeech = 'digits' | 'words' | 'noise' | 'wrong_code' | 'silence';
export const CALL_SPEECHES: readonly CallSpeech[] = ['digits', 'words', 'noise', 'wrong_code', 'silence'];

export interface SimCallOptions {
  /** Meta calls a voice-only Twilio number this long (real time) after a voice verification starts; unset: only when `place` is called. */
  autoCallAfterMs?: number;
  /** What the calls say unless a number has its own (`speechOf`); digits by default. */
  speech?: CallSpeech;
}

/** One request Twilio made for the call, and what it was answered. */
export interface CallStep {
  url: string;
  status: number;
  body: string;
}

/** Meta's caller ID, as it shows on the number. */
const META_CALLER = '+16505550100';
/** Twilio gives up on a webhook after 15 seconds. */
const WEBHOOK_TIMEOUT_MS = 15_000;
const MAX_STEPS = 8;

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** A code read out as a person hears it: "four eight one double five two". */
function inWords(code: string): string {
  const out: string[] = [];
  for (let at = 0; at < code.length; at += 1) {
    if (code[at] === code[at + 1]) {
      out.push('double', WORDS[Number(code[at])]!);
      at += 1;
    } else out.push(WORDS[Number(code[at])]!);
  }
  return out.join(' ');
}

/** What the speech recognition makes of Meta reading `code` twice. */
export function transcriptOf(speech: CallSpeech, code: string): string | undefined {
  const spaced = code.split('').join(' ');
  switch (speech) {
    case 'digits':
      return `Your WhatsApp verification code is ${spaced}. Again, your code is ${spaced}.`;
    case 'words':
      return `your whatsapp verification code is ${inWords(code)} again your code is ${inWords(code)}`;
    case 'noise':
      return `your whatsapp ver... code is ${spaced.slice(0, 5)} ... again ... is`;
    case 'wrong_code': {
      const wrong = code.slice(0, 5) + String((Number(code[5]) + 1) % 10);
      return `Your WhatsApp verification code is ${wrong.split('').join(' ')}. Again, your code is ${wrong.split('').join(' ')}.`;
    }
    case 'silence':
      return undefined;
  }
}

/** An MP3 frame header and noise: bytes of every value, as real audio has. */
const fakeMp3 = () => Buffer.concat([Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0xff, 0xfb, 0x90, 0x64]), randomBytes(2048)]);

interface Verb {
  name: string;
  attributes: Record<string, string>;
}

const unescapeXml = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function verbsOf(twiml: string): Verb[] {
  return [...twiml.matchAll(/<(Gather|Record|Hangup|Say|Reject|Redirect)\b([^>]*?)\/?>/g)].map((match) => ({
    name: match[1]!,
    attributes: Object.fromEntries([...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1]!, unescapeXml(a[2]!)])),
  }));
}

/**
 * Meta's verification call to a voice-only Twilio number, played as Twilio would: the number's
 * VoiceUrl is requested with X-Twilio-Signature (the owning account's auth token), and the TwiML
 * it answers is followed: a Gather gets the speech result, a Record a recording.
 */
export class SimVoiceCalls {
  /** Every call placed, with its requests. */
  readonly calls: { phoneNumber: string; steps: CallStep[] }[] = [];
  /** Recordings Twilio holds, by SID: their audio, until deleted. */
  readonly recordings = new Map<string, { accountSid: string; audio: Buffer }>();
  private readonly speeches = new Map<string, CallSpeech>();
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly state: SimState,
    private readonly options: SimCallOptions = {},
  ) {}

  /** What Meta's calls to this number sound like from now on. */
  setSpeech(phoneNumber: string, speech: CallSpeech): void {
    this.speeches.set(phoneNumber, speech);
  }

  /** After a create: a voice verification of a voice-only Twilio number makes Meta call it (automatically when so configured). */
  afterCreate<T extends SimSender>(sender: T): T {
    const number = this.state.numbers.find((n) => n.account_sid === sender.accountSid && n.phone_number === sender.phoneNumber);
    const byVoice = sender.body.configuration?.verification_method === 'voice' && number && !number.capabilities?.sms;
    if (byVoice && this.state.phoneInbox.has(sender.phoneNumber)) this.verificationStarted(sender.phoneNumber);
    return sender;
  }

  private verificationStarted(phoneNumber: string): void {
    if (this.options.autoCallAfterMs === undefined) return;
    const timer = setTimeout(() => {
      const call = this.place(phoneNumber).catch(() => undefined);
      this.running.add(call);
      void call.finally(() => this.running.delete(call));
    }, this.options.autoCallAfterMs);
    timer.unref();
  }

  /** A recording's audio, as Twilio serves it at `<RecordingUrl>.mp3` (undefined: not a recording's media URL, or deleted). */
  mediaAt(path: string): { accountSid: string; audio: Buffer } | undefined {
    const match = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Recordings\/(RE[0-9a-f]{32})\.mp3$/.exec(path);
    const recording = match ? this.recordings.get(match[2]!) : undefined;
    return recording && recording.accountSid === match![1] ? recording : undefined;
  }

  /** Calls still going on. */
  async idle(): Promise<void> {
    await Promise.all([...this.running]);
  }

  /** Meta calls the number now and reads its pending code; returns every request Twilio made for the call. */
  async place(phoneNumber: string): Promise<CallStep[]> {
    const number = this.state.numbers.find((n) => n.phone_number === phoneNumber);
    const code = this.state.phoneInbox.get(phoneNumber);
    if (!number?.voice_url || !code) throw new Error(`no call to place to ${phoneNumber}: no voice URL or no code pending`);
    const authToken = this.state.accounts.get(number.account_sid)?.authToken ?? '';
    const speech = this.speeches.get(phoneNumber) ?? this.options.speech ?? 'digits';
    const call = { AccountSid: number.account_sid, CallSid: sid('CA'), From: META_CALLER, To: phoneNumber, Direction: 'inbound', ApiVersion: '2010-04-01' };
    const steps: CallStep[] = [];
    this.calls.push({ phoneNumber, steps });
    const request = async (url: string, params: Record<string, string>) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(authToken, url, params) },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      const step = { url, status: response.status, body: await response.text() };
      steps.push(step);
      return step;
    };
    let verbs = verbsOf((await request(number.voice_url, { ...call, CallStatus: 'ringing' })).body);
    for (let step = 0; step < MAX_STEPS && verbs.length > 0; step += 1) {
      const [verb, ...rest] = verbs as [Verb, ...Verb[]];
      if (verb.name === 'Gather') {
        const heard = transcriptOf(speech, code);
        // Nothing said: Twilio goes on to the next verb.
        if (heard === undefined || !verb.attributes.action) verbs = rest;
        else verbs = verbsOf((await request(verb.attributes.action, { ...call, CallStatus: 'in-progress', SpeechResult: heard, Confidence: '0.87' })).body);
      } else if (verb.name === 'Record') {
        const recording = { RecordingSid: sid('RE'), RecordingDuration: '14' };
        this.recordings.set(recording.RecordingSid, { accountSid: number.account_sid, audio: fakeMp3() });
        const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${number.account_sid}/Recordings/${recording.RecordingSid}`;
        const next = verb.attributes.action
          ? verbsOf((await request(verb.attributes.action, { ...call, CallStatus: 'completed', ...recording, RecordingUrl: recordingUrl })).body)
          : rest;
        // Twilio tells of the finished recording after the call moved on.
        if (verb.attributes.recordingStatusCallback)
          await request(verb.attributes.recordingStatusCallback, {
            AccountSid: number.account_sid,
            CallSid: call.CallSid,
            ...recording,
            RecordingUrl: recordingUrl,
            RecordingStatus: 'completed',
            RecordingSource: 'RecordVerb',
          });
        verbs = next;
      } else if (verb.name === 'Say') verbs = rest;
      else break;
    }
    return steps;
  }
}
