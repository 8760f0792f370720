import { iso } from '../clock.js';
import { audit } from '../store/audit.js';
import { addSender, findActiveRegistration } from '../store/senders.js';
import type { SenderProfileInput, SenderRecord, SenderWebhookInput, VerificationMethod } from '../store/schema.js';
import { TwilioApiError } from '../twilio/errors.js';
import type { IncomingPhoneNumberWire, SenderWire } from '../twilio/wire.js';
import type { SendersContext } from './context.js';
import { claim, release } from './claims.js';
import { problemFrom, type Problem } from './outcome.js';
import { mayCreateNow, nextCreateAt, takeCreateTurn } from './pacing.js';
import { createBodyFor, methodOf } from './sender-body.js';
import { applySenderWire } from './status-tracking.js';
import { choosePath, type PathChoice } from './verification-path.js';
import { forwardCallsToVoicemail, restoreVoiceConfig, voiceConfigOf } from './voice-forward.js';

export interface Detection {
  choice: PathChoice;
  number?: IncomingPhoneNumberWire;
}

/** Asks Twilio whether the account owns the number, and picks the verification path. */
export async function detectPath(ctx: SendersContext, accountSid: string, e164: string, requested?: VerificationMethod): Promise<Detection> {
  const number = await ctx.twilio.findIncomingNumber(accountSid, e164);
  const choice = choosePath(number ? { sid: number.sid, smsCapable: Boolean(number.capabilities?.sms) } : undefined, requested);
  return { choice, number };
}

export interface RegistrationRequest {
  accountSid: string;
  customerId?: string;
  phoneNumber: string;
  requestedMethod?: VerificationMethod;
  voiceEmail?: string;
  wabaId?: string;
  profile: SenderProfileInput;
  webhook: SenderWebhookInput;
  requestedBy: string;
  slackChannel?: string;
}

export type RegistrationOutcome =
  | { kind: 'created'; record: SenderRecord; choice: PathChoice }
  | { kind: 'queued'; record: SenderRecord; choice: PathChoice; turnAt: number }
  | { kind: 'needs_email'; choice: PathChoice }
  | { kind: 'duplicate'; record: SenderRecord }
  | { kind: 'failed'; record?: SenderRecord; problem: Problem; choice?: PathChoice };

/** A new record for a request; `queued` records settle their path when their turn comes. */
export function newRecord(ctx: SendersContext, req: RegistrationRequest, now: number): SenderRecord {
  return {
    id: ctx.newId(),
    accountSid: req.accountSid,
    customerId: req.customerId,
    phoneNumber: req.phoneNumber,
    path: req.requestedMethod === 'voice' ? 'external_voice' : 'external_sms',
    state: 'queued',
    queuedAt: iso(now),
    requestedMethod: req.requestedMethod,
    voiceEmail: req.voiceEmail,
    wabaId: req.wabaId,
    statusHistory: [],
    profile: req.profile,
    webhook: req.webhook,
    requestedBy: req.requestedBy,
    createdAt: iso(now),
    updatedAt: iso(now),
    slack: req.slackChannel ? { channel: req.slackChannel } : undefined,
    otp: { codeAttempts: 0, resends: 0 },
  };
}

/** When a queued record's turn should come: after the account's next free slot and everyone ahead of it. */
export function turnEstimate(ctx: SendersContext, record: SenderRecord, now: number): number {
  const ahead = ctx.store.data.senders.filter((r) => r.state === 'queued' && r.accountSid === record.accountSid && (r.queuedAt ?? '') < (record.queuedAt ?? '')).length;
  return Math.max(now, nextCreateAt(ctx, record.accountSid)) + ahead * ctx.settings.sendersMinIntervalMs;
}

/**
 * A registration from the modal, first step, before Slack gets its answer: the request is
 * stored as a queued record, so once acknowledged it survives a crash (the queue sends it).
 */
export async function acceptRegistration(ctx: SendersContext, req: RegistrationRequest): Promise<{ kind: 'accepted'; record: SenderRecord } | { kind: 'duplicate'; record: SenderRecord }> {
  const existing = findActiveRegistration(ctx.store, req.accountSid, req.phoneNumber);
  if (existing) return { kind: 'duplicate', record: existing };
  const now = ctx.clock.now();
  const record = newRecord(ctx, req, now);
  claim(record.id);
  addSender(ctx.store, record);
  audit(ctx.store, { at: iso(now), user: req.requestedBy, action: 'register', target: req.phoneNumber, detail: `in ${req.accountSid}` });
  await ctx.store.write();
  return { kind: 'accepted', record };
}

/**
 * Second step, after the answer: settles the path, then sends the create now if the account's
 * pace allows and nobody is queued ahead, or leaves the record queued for its turn.
 */
export async function proceedRegistration(ctx: SendersContext, record: SenderRecord): Promise<RegistrationOutcome> {
  try {
    let detection: Detection;
    try {
      detection = await detectPath(ctx, record.accountSid, record.phoneNumber, record.requestedMethod);
    } catch (error) {
      return { kind: 'failed', record, problem: fail(ctx, record, problemFrom(error)) };
    }
    const { choice, number } = detection;
    if (choice.needsEmail && !record.voiceEmail) {
      // Never sent to Twilio: forgotten, and the form asks for the email.
      ctx.store.data.senders = ctx.store.data.senders.filter((r) => r !== record);
      await ctx.store.write();
      return { kind: 'needs_email', choice };
    }
    record.path = choice.path;
    const now = ctx.clock.now();
    const ahead = ctx.store.data.senders.some((r) => r !== record && r.state === 'queued' && r.accountSid === record.accountSid && (r.queuedAt ?? '') < (record.queuedAt ?? ''));
    if (ahead || !mayCreateNow(ctx, record.accountSid, now)) {
      await ctx.store.write();
      return { kind: 'queued', record, choice, turnAt: turnEstimate(ctx, record, now) };
    }
    takeCreateTurn(ctx, record.accountSid, now);
    record.state = 'creating';
    record.voiceForward = choice.path === 'twilio_voice' && number && record.voiceEmail ? { phoneNumberSid: number.sid, email: record.voiceEmail, previous: voiceConfigOf(number) } : undefined;
    await ctx.store.write();
    const problem = await sendCreate(ctx, record, choice);
    await ctx.store.write();
    return problem ? { kind: 'failed', record, problem, choice } : { kind: 'created', record, choice };
  } finally {
    release(record.id);
  }
}

/**
 * A queued record's turn: settles its path with a fresh look at the number, then creates it.
 * The caller has taken the account's turn and writes the store.
 */
export async function sendQueued(ctx: SendersContext, record: SenderRecord): Promise<Problem | undefined> {
  let detection: Detection;
  try {
    detection = await detectPath(ctx, record.accountSid, record.phoneNumber, record.requestedMethod);
  } catch (error) {
    return fail(ctx, record, problemFrom(error));
  }
  const { choice, number } = detection;
  record.path = choice.path;
  if (choice.needsEmail && !record.voiceEmail) {
    return fail(ctx, record, { message: 'This is a Twilio number without SMS: its code comes by a call to voicemail. Give an email for the voicemail code (column voice_email) and register it again.' });
  }
  if (choice.path === 'twilio_voice' && number && record.voiceEmail) {
    // A forward made before a restart already holds the number's own settings; keep those.
    record.voiceForward = record.voiceForward && !record.voiceForward.restoredAt ? record.voiceForward : { phoneNumberSid: number.sid, email: record.voiceEmail, previous: voiceConfigOf(number) };
  } else record.voiceForward = undefined;
  record.state = 'creating';
  return sendCreate(ctx, record, choice);
}

/** Forwards a voice-only number if needed and creates the sender; returns the problem on failure. */
async function sendCreate(ctx: SendersContext, record: SenderRecord, choice: PathChoice): Promise<Problem | undefined> {
  try {
    if (record.voiceForward) await forwardCallsToVoicemail(ctx, record);
    const sender = await createOrReconcile(ctx, record, methodOf(record));
    applySenderWire(record, sender, ctx.clock.now());
    record.otp.lastCreateAt = iso(ctx.clock.now());
    if (record.state === 'creating') record.state = choice.needsCode ? 'awaiting_code' : 'verifying';
    const waba = sender.configuration?.waba_id ?? record.wabaId;
    if (waba) ctx.store.data.accountWabas[record.accountSid] ??= waba;
    ctx.logger.info('sender created', { id: record.id, sid: record.sid, path: record.path });
    return undefined;
  } catch (error) {
    const problem = problemFrom(error);
    await restoreVoiceConfig(ctx, record).catch((e) => ctx.logger.warn('could not restore voice settings', { id: record.id, error: String(e) }));
    ctx.logger.warn('sender create failed', { id: record.id, errorCode: problem.twilioCode, status: problem.httpStatus });
    return fail(ctx, record, problem);
  }
}

function fail(ctx: SendersContext, record: SenderRecord, problem: Problem): Problem {
  record.state = 'failed';
  record.lastError = { code: problem.twilioCode, message: problem.message };
  record.updatedAt = iso(ctx.clock.now());
  return problem;
}

/**
 * Sends a create. When Twilio's answer is lost or a 5xx, the request may still have been
 * processed, so the account's senders are listed before it is sent again.
 */
export async function createOrReconcile(ctx: SendersContext, record: SenderRecord, method: VerificationMethod): Promise<SenderWire> {
  const body = createBodyFor(record, method);
  try {
    return await ctx.twilio.createSender(record.accountSid, body);
  } catch (error) {
    if (!(error instanceof TwilioApiError) || !error.uncertain) throw error;
    const found = await findRemoteSender(ctx, record);
    if (found) return found;
    return ctx.twilio.createSender(record.accountSid, body);
  }
}

export async function findRemoteSender(ctx: SendersContext, record: SenderRecord): Promise<SenderWire | undefined> {
  const senders = await ctx.twilio.listSenders(record.accountSid);
  return senders.find((s) => s.sender_id === `whatsapp:${record.phoneNumber}`);
}
