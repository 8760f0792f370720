import { iso } from '../../clock.js';
import { DuplicateRegistrationError, type Repos } from '../../store/repositories.js';
import type { AuditEntry, SenderProfileInput, SenderRecord, SenderWebhookInput, VerificationMethod } from '../../store/schema.js';
import { ignoreStorageError, StorageError } from '../../store/storage-error.js';
import { TwilioApiError } from '../../twilio/errors.js';
import type { IncomingPhoneNumberWire, SenderWire } from '../../twilio/wire.js';
import { registrationKey } from '../claims.js';
import type { SendersContext } from '../context.js';
import { learnCustomerWaba } from '../customers/customer-waba.js';
import { wabaForCreate, wabaKnowledge } from '../customers/waba.js';
import { findInAccount } from '../numbers/number-lookup.js';
import { forwardCallsToVoicemail, restoreVoiceConfig, voiceConfigOf } from '../numbers/voice-forward.js';
import { type Problem, problemFrom } from '../outcome.js';
import { applySenderWire } from '../watch/status-tracking.js';
import { createBodyFor, methodOf } from './create-body.js';
import { mayCreateNow, nextCreateAt, paceFromNow, takeCreateTurn } from './pacing.js';
import { choosePath, type PathChoice } from './path.js';

export interface Detection {
  choice: PathChoice;
  number?: IncomingPhoneNumberWire;
}

/** Asks Twilio whether the account owns the number (in either form Twilio may keep it), and picks the verification path. */
export async function detectPath(ctx: SendersContext, accountSid: string, e164: string, requested?: VerificationMethod): Promise<Detection> {
  const number = await findInAccount(ctx, accountSid, e164);
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
  /** Post its message in this thread of slackChannel (an onboarding link's). */
  slackThreadTs?: string;
}

export type RegistrationOutcome =
  | { kind: 'created'; record: SenderRecord; choice: PathChoice }
  | { kind: 'queued'; record: SenderRecord; choice: PathChoice; turnAt: number }
  | { kind: 'checking'; record: SenderRecord; choice: PathChoice }
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
    slack: req.slackChannel ? { channel: req.slackChannel, ...(req.slackThreadTs ? { threadTs: req.slackThreadTs } : {}) } : undefined,
    otp: { codeAttempts: 0, resends: 0 },
  };
}

/** When a queued record's turn should come: after the account's next free slot and everyone ahead of it. */
export async function turnEstimate(ctx: SendersContext, record: SenderRecord, now: number): Promise<number> {
  const ahead = await ctx.store.senders.aheadInQueue(record.accountSid, record.queuedAt ?? '');
  return Math.max(now, await nextCreateAt(ctx, record.accountSid, now)) + ahead * ctx.settings.sendersMinIntervalMs;
}

export type Acceptance =
  | { kind: 'accepted'; record: SenderRecord }
  | { kind: 'duplicate'; record: SenderRecord }
  /** The store could not be written: nothing of the request was kept. */
  | { kind: 'not_saved'; problem: StorageError };

/**
 * A registration from the modal, first step, before Slack gets its answer: the request is
 * stored as a queued record, so once acknowledged it survives a crash (the queue sends it).
 * `alongside` stores more with it, all or nothing (an onboarding marked used by this number).
 */
export async function acceptRegistration(
  ctx: SendersContext,
  req: RegistrationRequest,
  alongside?: (tx: Repos, record: SenderRecord) => Promise<void>,
): Promise<Acceptance> {
  let existing: SenderRecord | undefined;
  try {
    existing = await ctx.store.senders.findActive(req.accountSid, req.phoneNumber);
  } catch (error) {
    if (error instanceof StorageError) return { kind: 'not_saved', problem: error };
    throw error;
  }
  if (existing) return { kind: 'duplicate', record: existing };
  const now = ctx.clock.now();
  const record = newRecord(ctx, req, now);
  ctx.claims.take(registrationKey(record.id));
  const entry: AuditEntry = { at: iso(now), user: req.requestedBy, action: 'register', target: req.phoneNumber, detail: `in ${req.accountSid}` };
  try {
    // Not stored, not accepted: forgotten before any later write could carry it to the disk.
    await ctx.store.atomically(async (tx) => {
      await tx.senders.insert(record);
      await tx.audit.add(entry);
      await alongside?.(tx, record);
    });
  } catch (error) {
    ctx.claims.release(registrationKey(record.id));
    if (error instanceof StorageError) return { kind: 'not_saved', problem: error };
    // Another request (or process) stored the same number in the meantime.
    if (error instanceof DuplicateRegistrationError) {
      const other = await ctx.store.senders.get(error.existingId);
      if (other) return { kind: 'duplicate', record: other };
    }
    throw error;
  }
  return { kind: 'accepted', record };
}

/**
 * Second step, after the answer: settles the path, then sends the create now if the account's
 * pace allows and nobody is queued ahead, or leaves the record queued for its turn.
 */
export async function proceedRegistration(ctx: SendersContext, record: SenderRecord): Promise<RegistrationOutcome> {
  try {
    const refused = await settleWaba(ctx, record);
    if (refused) {
      const problem = fail(ctx, record, refused);
      await ctx.store.senders.save(record).catch(ignoreStorageError);
      return { kind: 'failed', record, problem };
    }
    let detection: Detection;
    try {
      detection = await detectPath(ctx, record.accountSid, record.phoneNumber, record.requestedMethod);
    } catch (error) {
      const problem = fail(ctx, record, problemFrom(error));
      await ctx.store.senders.save(record).catch(ignoreStorageError);
      return { kind: 'failed', record, problem };
    }
    const { choice, number } = detection;
    if (choice.needsEmail && !record.voiceEmail) {
      // Never sent to Twilio: forgotten, and the form asks for the email.
      await ctx.store.senders.discard(record.id).catch(ignoreStorageError);
      return { kind: 'needs_email', choice };
    }
    record.path = choice.path;
    const now = ctx.clock.now();
    const ahead = (await ctx.store.senders.aheadInQueue(record.accountSid, record.queuedAt ?? '')) > 0;
    if (ahead || !(await mayCreateNow(ctx, record.accountSid, now))) {
      await ctx.store.senders.save(record).catch(ignoreStorageError);
      return { kind: 'queued', record, choice, turnAt: await turnEstimate(ctx, record, now) };
    }
    // A create goes out only once it is stored as sent; if the store cannot be written, the
    // record stays queued (as stored at its acceptance) and the queue sends it once it can.
    const stored = await ctx.store
      .atomically(async (tx) => {
        if (!(await takeCreateTurn(ctx, record.accountSid, now, tx))) return false;
        markCreateSent(record, now);
        record.voiceForward =
          choice.path === 'twilio_voice' && number && record.voiceEmail
            ? { phoneNumberSid: number.sid, email: record.voiceEmail, previous: voiceConfigOf(number) }
            : undefined;
        await tx.senders.save(record);
        return true;
      })
      .catch((error: unknown) => {
        ignoreStorageError(error);
        return false;
      });
    if (!stored) {
      record.state = 'queued';
      record.pendingCreate = undefined;
      record.voiceForward = undefined;
      await ctx.store.senders.save(record).catch(ignoreStorageError);
      return { kind: 'queued', record, choice, turnAt: await turnEstimate(ctx, record, now) };
    }
    const sent = await sendCreate(ctx, record, choice);
    await ctx.store.senders.save(record).catch(ignoreStorageError);
    if (sent.kind === 'failed') return { kind: 'failed', record, problem: sent.problem, choice };
    return sent.kind === 'checking' ? { kind: 'checking', record, choice } : { kind: 'created', record, choice };
  } finally {
    ctx.claims.release(registrationKey(record.id));
  }
}

/**
 * A queued record's turn: settles its path with a fresh look at the number, then creates it.
 * The caller has taken the account's turn, marked the create as sent, and writes the store.
 */
export async function sendQueued(ctx: SendersContext, record: SenderRecord): Promise<SendResult> {
  const refused = await settleWaba(ctx, record);
  if (refused) return { kind: 'failed', problem: fail(ctx, record, refused) };
  let detection: Detection;
  try {
    detection = await detectPath(ctx, record.accountSid, record.phoneNumber, record.requestedMethod);
  } catch (error) {
    return { kind: 'failed', problem: fail(ctx, record, problemFrom(error)) };
  }
  const { choice, number } = detection;
  record.path = choice.path;
  if (choice.needsEmail && !record.voiceEmail) {
    return {
      kind: 'failed',
      problem: fail(ctx, record, {
        message:
          'This is a Twilio number without SMS: its code comes by a call to voicemail. Give an email for the voicemail code (column voice_email) and register it again.',
      }),
    };
  }
  if (choice.path === 'twilio_voice' && number && record.voiceEmail) {
    // A forward made before a restart already holds the number's own settings; keep those.
    record.voiceForward =
      record.voiceForward && !record.voiceForward.restoredAt
        ? record.voiceForward
        : { phoneNumberSid: number.sid, email: record.voiceEmail, previous: voiceConfigOf(number) };
  } else record.voiceForward = undefined;
  // Stored right before anything leaves: the number's own voice settings, to be given back
  // whatever happens next, and when the create really went (the wait for an unknown outcome
  // counts from here, however long the look-up above took).
  record.pendingCreate = { since: iso(ctx.clock.now()) };
  try {
    await ctx.store.senders.save(record);
  } catch (error) {
    ignoreStorageError(error);
    // Nothing left: back in the queue as it was (its voice settings, read before any forward, stay).
    record.state = 'queued';
    record.pendingCreate = undefined;
    await ctx.store.senders.save(record).catch(ignoreStorageError);
    return { kind: 'requeued' };
  }
  return sendCreate(ctx, record, choice);
}

/** What became of a create: made, refused, unknown for now (the bot checks with Twilio), or back in the queue unsent. */
export type SendResult = { kind: 'created' } | { kind: 'checking' } | { kind: 'failed'; problem: Problem } | { kind: 'requeued' };

/** The create is about to go out: stored so, a crash or a lost answer is checked with Twilio, never guessed. */
export function markCreateSent(record: SenderRecord, now: number): void {
  record.state = 'creating';
  record.pendingCreate = { since: iso(now) };
}

/** Forwards a voice-only number if needed and creates the sender. */
async function sendCreate(ctx: SendersContext, record: SenderRecord, choice: PathChoice): Promise<Exclude<SendResult, { kind: 'requeued' }>> {
  try {
    if (record.voiceForward) await forwardCallsToVoicemail(ctx, record);
  } catch (error) {
    return { kind: 'failed', problem: fail(ctx, record, problemFrom(error)) };
  }
  try {
    const sender = await createOrFind(ctx, record, methodOf(record));
    if (!sender) {
      ctx.logger.warn('sender create unconfirmed; checking with Twilio', { id: record.id });
      return { kind: 'checking' };
    }
    await adoptCreated(ctx, record, sender, choice.needsCode);
    ctx.logger.info('sender created', { id: record.id, sid: record.sid, path: record.path });
    return { kind: 'created' };
  } catch (error) {
    const problem = problemFrom(error);
    await restoreVoiceConfig(ctx, record).catch((e) => ctx.logger.warn('could not restore voice settings', { id: record.id, error: String(e) }));
    ctx.logger.warn('sender create failed', { id: record.id, errorCode: problem.twilioCode, status: problem.httpStatus });
    return { kind: 'failed', problem: fail(ctx, record, problem) };
  }
}

/** Twilio has the sender (from the create's answer or found by a look-up): the record follows it (the caller saves it). */
export async function adoptCreated(ctx: SendersContext, record: SenderRecord, sender: SenderWire, needsCode: boolean): Promise<void> {
  applySenderWire(record, sender, ctx.clock.now());
  record.otp.lastCreateAt = record.pendingCreate?.since ?? iso(ctx.clock.now());
  record.pendingCreate = undefined;
  if (record.state === 'creating') record.state = needsCode ? 'awaiting_code' : 'verifying';
  const waba = sender.configuration?.waba_id ?? record.wabaId;
  if (!waba) return;
  // What the sender tells of its WABA is remembered on the side: no fault here makes the create count as failed.
  await ctx.store.accounts.linkWaba(record.accountSid, waba).catch((error: unknown) => {
    if (!(error instanceof StorageError)) ctx.logger.warn('could not record the WABA of an account', { id: record.id, error: problemFrom(error).message });
  });
  if (record.customerId) await learnCustomerWaba(ctx, record.customerId, waba);
}

/**
 * Right before a create, the WABA it joins is settled (a customer's WABA may have been recorded
 * since the registration was queued); a customer without one, or a second WABA for the account,
 * is refused here, before anything is sent.
 */
async function settleWaba(ctx: SendersContext, record: SenderRecord): Promise<Problem | undefined> {
  const customer = record.customerId ? await ctx.store.customers.get(record.customerId) : undefined;
  const plan = wabaForCreate(
    await wabaKnowledge(ctx.store, record.accountSid, record.wabaId, customer?.wabaId),
    record.accountSid,
    customer,
    ctx.settings.command,
    record.wabaId,
  );
  if (!plan.ok) return { message: plan.message };
  record.wabaId = plan.wabaId;
  return undefined;
}

function fail(ctx: SendersContext, record: SenderRecord, problem: Problem): Problem {
  record.state = 'failed';
  record.pendingCreate = undefined;
  record.lastError = { code: problem.twilioCode, message: problem.message };
  record.updatedAt = iso(ctx.clock.now());
  return problem;
}

/**
 * Sends a create. When Twilio's answer is lost or a 5xx, the request may still have been
 * processed: the account's senders are looked up, and when the sender is not there (or the
 * look-up fails too) the outcome stays unknown (undefined) and is checked again later, never
 * sent a second time on a guess.
 */
export async function createOrFind(ctx: SendersContext, record: SenderRecord, method: VerificationMethod): Promise<SenderWire | undefined> {
  await paceFromNow(ctx, record.accountSid);
  try {
    const created = await ctx.twilio.createSender(record.accountSid, createBodyFor(record, method));
    // Counted again from its answer: whatever the gateway did before the request (the
    // subaccount's credentials, say), the next create reaches Twilio a full interval later.
    await paceFromNow(ctx, record.accountSid);
    return created;
  } catch (error) {
    await paceFromNow(ctx, record.accountSid);
    if (!(error instanceof TwilioApiError) || !error.uncertain) throw error;
    const now = iso(ctx.clock.now());
    record.pendingCreate = { since: record.pendingCreate?.since ?? now, uncertainSince: now, checkedAt: now };
    try {
      return await findRemoteSender(ctx, record);
    } catch (lookup) {
      ctx.logger.warn('could not look the sender up after an unconfirmed create', { id: record.id, error: problemFrom(lookup).message });
      return undefined;
    }
  }
}

export async function findRemoteSender(ctx: SendersContext, record: SenderRecord): Promise<SenderWire | undefined> {
  const senders = await ctx.twilio.listSenders(record.accountSid);
  return senders.find((s) => s.sender_id === `whatsapp:${record.phoneNumber}`);
}
