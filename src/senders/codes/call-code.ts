import { iso } from '../../clock.js';
import type { NewOutboxItem } from '../../store/repositories.js';
import type { SenderRecord } from '../../store/schema.js';
import { signedByTwilio } from '../../twilio/webhook-signature.js';
import { commit } from '../commit.js';
import type { SendersContext } from '../context.js';
import { checkCallToken } from '../numbers/voice-call-token.js';
import { problemFrom } from '../outcome.js';
import { codeFromCall, type HeardCode } from './spoken-code.js';
import { submitCode } from './submit.js';

/** Who took a code from Meta's call, in the audit log. */
export const CALL_USER = 'meta_call';

/**
 * Calls answered under one token. Anyone can call the number: a stranger's call gives nothing
 * sure and leaves the token open for Meta's, but only this many times (then Resend code).
 */
export const CALLS_PER_TOKEN = 3;

const CALL_SID = /^CA[0-9a-f]{32}$/;

/** The calls answered under the registration's token, once it answers no more (undefined while calls are left). */
export function callsUsedUp(record: SenderRecord): number | undefined {
  const answered = record.voiceForward?.call?.calls?.length ?? 0;
  return answered >= CALLS_PER_TOKEN ? answered : undefined;
}

/** A request Twilio made for Meta's call: the token in its path, its signature, the URL it was sent to, its form. */
export interface CallRequest {
  token: string;
  signature: string;
  url: string;
  params: Record<string, string>;
}

export type CallCheck =
  /** Forged, replayed, for another call or registration: refused, with no detail. */
  | { kind: 'refused' }
  /** Twilio's signing token could not be read: nobody can tell the request is Twilio's. */
  | { kind: 'unavailable' }
  /** Genuine, but the registration no longer waits for a code (abandoned, failed, taken): the call is let go. */
  | { kind: 'ended'; record: SenderRecord }
  /** Genuine, but Twilio already accepted a code from a call under this token: only recordings may still come. */
  | { kind: 'taken'; record: SenderRecord }
  | { kind: 'open'; record: SenderRecord; nonce: string };

/**
 * Whether a request is Twilio's, for the one registration and token its path names: the token's
 * own signature, the nonce the registration holds now, and X-Twilio-Signature with the auth token
 * of the account that owns the number. A token whose code was accepted is told apart: a replay changes nothing.
 */
export async function checkCall(ctx: SendersContext, request: CallRequest): Promise<CallCheck> {
  const named = ctx.voiceCalls && checkCallToken(ctx.voiceCalls.key, request.token);
  if (!named) return { kind: 'refused' };
  const record = await ctx.store.senders.get(named.recordId);
  const call = record?.voiceForward?.call;
  if (!record || !call || call.nonce !== named.nonce) return { kind: 'refused' };
  const signed = async (fresh: boolean) =>
    signedByTwilio(await ctx.twilio.authTokenOf(record.accountSid, { fresh }), request.signature, request.url, request.params);
  let genuine: boolean;
  try {
    // The account's owner may have rotated its token since the bot last read it: read once more before refusing
    // (the gateway reads it at most once a minute; a token the bot was configured with is never read).
    genuine = (await signed(false)) || (await signed(true));
  } catch (error) {
    ctx.logger.warn('could not read the auth token that signs a voice call', { id: record.id, error: problemFrom(error).message });
    return { kind: 'unavailable' };
  }
  if (!genuine) return { kind: 'refused' };
  if (call.spentAt) return { kind: 'taken', record };
  // The nonce already names the current call (a resend that forwards the calls again stores it before Meta calls);
  // a call that comes while the create's answer is being stored is listened to all the same.
  if (record.state !== 'awaiting_code' && record.state !== 'creating') return { kind: 'ended', record };
  return { kind: 'open', record, nonce: named.nonce };
}

/**
 * Counts a call against its token (in the store, so every replica sees it): a call already
 * answered goes on; a new one is answered while the token has calls left ('used_up' otherwise).
 */
export async function answerCall(ctx: SendersContext, record: SenderRecord, nonce: string, callSid: string): Promise<'open' | 'used_up'> {
  if (!CALL_SID.test(callSid)) return 'used_up';
  const answered = await commit(ctx, async (read) => {
    const current = await read.senders.get(record.id);
    const call = current?.voiceForward?.call;
    if (!current || !call || call.nonce !== nonce) return { result: false };
    const calls = call.calls ?? [];
    if (calls.some((c) => c.sid === callSid)) return { result: true };
    if (calls.length >= CALLS_PER_TOKEN) return { result: false };
    call.calls = [...calls, { sid: callSid }];
    return { senders: [current], result: true };
  });
  return answered ? 'open' : 'used_up';
}

export type UnsureReason = Extract<HeardCode, { kind: 'unsure' }>['reason'] | 'code_refused' | 'not_sent';

/** The thread's notes about the call, worded by the caller (the domain words nothing). */
export interface CallNotes {
  taken(record: SenderRecord, maskedCode: string, at: number): NewOutboxItem[];
  unsure(record: SenderRecord, reason: UnsureReason): NewOutboxItem[];
}

export type CallOutcome =
  | { kind: 'taken'; record: SenderRecord }
  /** Nothing sure, or Twilio refused the code, or it could not be sent: a person takes over (Enter code), from the recording if there is one. */
  | { kind: 'unsure'; reason: UnsureReason }
  /** The code went no further: someone else's code came first, or this call's result was already taken. */
  | { kind: 'not_needed' };

/** Only the last two digits of a code are ever shown. */
export const maskCode = (code: string): string => `••••${code.slice(-2)}`;

/**
 * What a call said, taken once per call (a replay or a second delivery does nothing). A code the
 * bot is sure of goes in as a person's would (submitCode: the same claim, checks and pacing), and
 * the token is spent only when Twilio accepts it, in the same save. Anything else leaves the token
 * open for Meta's call and is left to a person, told in the sender's thread.
 */
export async function takeCallResult(
  ctx: SendersContext,
  record: SenderRecord,
  nonce: string,
  callSid: string,
  said: { speech?: string },
  notes: CallNotes,
): Promise<CallOutcome> {
  const heard = codeFromCall(said);
  if (heard.kind === 'code') ctx.secrets.addCode(heard.code);
  const now = ctx.clock.now();
  const first = await commit(ctx, async (read) => {
    const current = await read.senders.get(record.id);
    const call = current?.voiceForward?.call;
    const answered = call?.calls?.find((c) => c.sid === callSid);
    if (!current || !call || call.nonce !== nonce || call.spentAt || !answered || answered.result) return { result: undefined };
    answered.result = heard.kind;
    call.heard = heard.kind;
    return { senders: [current], messages: heard.kind === 'unsure' ? notes.unsure(current, heard.reason) : [], result: current };
  });
  if (!first) return { kind: 'not_needed' };
  if (heard.kind === 'unsure') return { kind: 'unsure', reason: heard.reason };
  const attemptsBefore = first.otp.codeAttempts;
  const spend = (r: SenderRecord) => {
    const call = r.voiceForward?.call;
    if (call?.nonce === nonce) call.spentAt = iso(now);
  };
  const result = await submitCode(ctx, record.id, heard.code, CALL_USER, { messages: (r) => notes.taken(r, maskCode(heard.code), now), accepted: spend });
  if (result.ok) return { kind: 'taken', record: result.record };
  const after = result.record ?? (await ctx.store.senders.get(record.id));
  // A person's code came first, or the registration ended meanwhile.
  if (!after || (after.state !== 'awaiting_code' && after.state !== 'creating')) return { kind: 'not_needed' };
  // Refused by Twilio, or never sent (someone was acting on the registration, or its create was still being stored).
  const reason: UnsureReason = after.otp.codeAttempts > attemptsBefore ? 'code_refused' : 'not_sent';
  await commit(ctx, async () => ({ messages: notes.unsure(after, reason) }));
  return { kind: 'unsure', reason };
}
