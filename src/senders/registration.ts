import { iso } from '../clock.js';
import { audit } from '../store/audit.js';
import { addSender, findActiveRegistration } from '../store/senders.js';
import type { SenderProfileInput, SenderRecord, SenderWebhookInput, VerificationMethod } from '../store/schema.js';
import { TwilioApiError } from '../twilio/errors.js';
import type { IncomingPhoneNumberWire, SenderWire } from '../twilio/wire.js';
import type { SendersContext } from './context.js';
import { problemFrom, type Problem } from './outcome.js';
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
  profile: SenderProfileInput;
  webhook: SenderWebhookInput;
  requestedBy: string;
  slackChannel?: string;
}

export type RegistrationOutcome =
  | { kind: 'created'; record: SenderRecord; choice: PathChoice }
  | { kind: 'needs_email'; choice: PathChoice }
  | { kind: 'duplicate'; record: SenderRecord }
  | { kind: 'failed'; record?: SenderRecord; problem: Problem; choice?: PathChoice };

export async function startRegistration(ctx: SendersContext, req: RegistrationRequest): Promise<RegistrationOutcome> {
  const existing = findActiveRegistration(ctx.store, req.accountSid, req.phoneNumber);
  if (existing) return { kind: 'duplicate', record: existing };

  let detection: Detection;
  try {
    detection = await detectPath(ctx, req.accountSid, req.phoneNumber, req.requestedMethod);
  } catch (error) {
    return { kind: 'failed', problem: problemFrom(error) };
  }
  const { choice, number } = detection;
  if (choice.needsEmail && !req.voiceEmail) return { kind: 'needs_email', choice };

  // Re-checked after the await: a second submission may have got here first.
  const raced = findActiveRegistration(ctx.store, req.accountSid, req.phoneNumber);
  if (raced) return { kind: 'duplicate', record: raced };

  const now = ctx.clock.now();
  const record: SenderRecord = {
    id: ctx.newId(),
    accountSid: req.accountSid,
    customerId: req.customerId,
    phoneNumber: req.phoneNumber,
    path: choice.path,
    state: 'creating',
    statusHistory: [],
    profile: req.profile,
    webhook: req.webhook,
    requestedBy: req.requestedBy,
    createdAt: iso(now),
    updatedAt: iso(now),
    slack: req.slackChannel ? { channel: req.slackChannel } : undefined,
    otp: { codeAttempts: 0, resends: 0 },
    voiceForward:
      choice.path === 'twilio_voice' && number && req.voiceEmail
        ? { phoneNumberSid: number.sid, email: req.voiceEmail, previous: voiceConfigOf(number) }
        : undefined,
  };
  addSender(ctx.store, record);
  audit(ctx.store, { at: iso(now), user: req.requestedBy, action: 'register', target: req.phoneNumber, detail: `${choice.path} in ${req.accountSid}` });
  await ctx.store.write();

  try {
    if (record.voiceForward) await forwardCallsToVoicemail(ctx, record);
    const sender = await createOrReconcile(ctx, record, methodOf(record));
    applySenderWire(record, sender, ctx.clock.now());
    record.otp.lastCreateAt = iso(ctx.clock.now());
    if (record.state === 'creating') record.state = choice.needsCode ? 'awaiting_code' : 'verifying';
    await ctx.store.write();
    ctx.logger.info('sender created', { id: record.id, sid: record.sid, path: record.path });
    return { kind: 'created', record, choice };
  } catch (error) {
    const problem = problemFrom(error);
    record.state = 'failed';
    record.lastError = { code: problem.twilioCode, message: problem.message };
    record.updatedAt = iso(ctx.clock.now());
    await restoreVoiceConfig(ctx, record).catch((e) => ctx.logger.warn('could not restore voice settings', { id: record.id, error: String(e) }));
    await ctx.store.write();
    ctx.logger.warn('sender create failed', { id: record.id, errorCode: problem.twilioCode, status: problem.httpStatus });
    return { kind: 'failed', record, problem, choice };
  }
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
