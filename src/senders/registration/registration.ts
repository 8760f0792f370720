import { iso } from '../../clock.js';
import { DuplicateRegistrationError, type NewOutboxItem, type Repos, StaleRecordError } from '../../store/repositories.js';
import type { AuditEntry, SenderProfileInput, SenderRecord, SenderWebhookInput, VerificationMethod } from '../../store/schema.js';
import { StorageError } from '../../store/storage-error.js';
import { TwilioApiError } from '../../twilio/errors.js';
import type { IncomingPhoneNumberWire, SenderWire } from '../../twilio/wire.js';
import { registrationKey } from '../claims.js';
import { CodeRequestsSpentError, codeRequestsOf, codeRequestsSpent, countCodeRequest, takeBackCodeRequest } from '../codes/code-requests.js';
import { commit } from '../commit.js';
import type { SendersContext } from '../context.js';
import { learnCustomerWaba } from '../customers/customer-waba.js';
import { wabaForCreate, wabaKnowledge } from '../customers/waba.js';
import { findInAccount } from '../numbers/number-lookup.js';
import { newCallNonce } from '../numbers/voice-call-token.js';
import { forwardCallsForTheCode, restoreVoiceConfig, voiceConfigOf } from '../numbers/voice-forward.js';
import { type Problem, problemFrom } from '../outcome.js';
import { applySenderWire } from '../watch/status-tracking.js';
import { createBodyFor, methodOf } from './create-body.js';
import { storeCreateOutcome } from './create-outcome.js';
import { mayCreateNow, nextCreateAt, paceFromNow, takeCreateTurn } from './pacing.js';
import { choosePath, PATH_NAMES, type PathChoice } from './path.js';

export interface Detection {
  choice: PathChoice;
  number?: IncomingPhoneNumberWire;
}

/** Asks Twilio whether the account owns the number (in either form Twilio may keep it), and picks the verification path. */
export async function detectPath(ctx: SendersContext, accountSid: string, e164: string, requested?: VerificationMethod): Promise<Detection> {
  const number = await findInAccount(ctx, accountSid, e164);
  const choice = choosePath(number ? { sid: number.sid, smsCapable: Boolean(number.capabilities?.sms) } : undefined, requested, Boolean(ctx.voiceCalls));
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
  | { kind: 'failed'; record?: SenderRecord; problem: Problem; choice?: PathChoice }
  /** The queue's pick went back to the queue unsent (the store could not record it as sent). */
  | { kind: 'requeued'; record: SenderRecord }
  /** Decided (sent, or refused when `sent` is false) but the store could not record the outcome: the unconfirmed-create check settles it from Twilio. */
  | { kind: 'unrecorded'; record: SenderRecord; problem: StorageError; sent: boolean };

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
  ctx.inProcess.take(registrationKey(record.id));
  const entry: AuditEntry = { at: iso(now), user: req.requestedBy, action: 'register', target: req.phoneNumber, detail: `in ${req.accountSid}` };
  try {
    // Not stored, not accepted: nothing of it stays.
    await commit(ctx, async () => ({ newSenders: [record], audit: [entry], also: alongside && ((tx) => alongside(tx, record)) }), { attempts: 1 });
  } catch (error) {
    // A commit whose answer was lost (the connection cut after the database took it) may have
    // stored it: what the store holds decides, so a stored registration is never called unsaved.
    const kept = error instanceof StorageError ? await ctx.store.senders.get(record.id).catch(() => undefined) : undefined;
    if (kept) return { kind: 'accepted', record: kept };
    ctx.inProcess.release(registrationKey(record.id));
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

/** Who sends a registration's create, and what that changes (see sendRegistration). */
export interface SendOptions {
  /**
   * `form`: right after the person got Slack's answer; the account's turn is taken here, and the
   * record stays queued when the turn is not free or someone is queued ahead. `queue`: the
   * create queue's round, which took the turn and stored the record as sent (`creating`).
   */
  from: 'form' | 'queue';
  /** The Slack messages stored with the create's outcome (the queue announces it; the form shows it itself). */
  messages?: (record: SenderRecord) => NewOutboxItem[];
}

/**
 * Sends a registration's create, the one sequence for the form and the queue: settles the WABA
 * and the path with a fresh look at the number, stores the record as sent with its voice
 * settings right before anything leaves (so a crash or a lost answer is checked with Twilio,
 * never guessed, and the number's own voice settings can be given back), creates the sender, and
 * stores the outcome with its messages. Where the two callers differ, `from` says why:
 * - A Twilio number without SMS needs an email for the voicemail code, unless the bot answers Meta's call itself (PUBLIC_URL). The form forgets the record
 *   (nothing was sent) and asks for it; in the queue nobody is there to ask, so the row fails
 *   saying what to add.
 * - The form takes the account's turn itself; the queue's round already did.
 * A storage failure before anything leaves sends nothing: the record stays as stored (queued, or
 * `creating` for the queue's round, which the unconfirmed-create check then queues again). When
 * only the outcome cannot be stored, the outcome is `unrecorded`: Twilio has the request, and the
 * unconfirmed-create check adopts what Twilio made once the store works.
 */
export async function sendRegistration(ctx: SendersContext, record: SenderRecord, options: SendOptions): Promise<RegistrationOutcome> {
  const { from } = options;
  try {
    const refused = await settleWaba(ctx, record);
    if (refused) return await settled(ctx, record, options, { kind: 'failed', record, problem: fail(ctx, record, refused) });
    let detection: Detection;
    try {
      detection = await detectPath(ctx, record.accountSid, record.phoneNumber, record.requestedMethod);
    } catch (error) {
      return await settled(ctx, record, options, { kind: 'failed', record, problem: fail(ctx, record, problemFrom(error)) });
    }
    const { choice, number } = detection;
    record.path = choice.path;
    if (choice.needsEmail && !record.voiceEmail) {
      if (from === 'form') {
        // Never sent to Twilio: forgotten, and the form asks for the email.
        await commit(ctx, async () => ({ discardSenders: [record.id] }));
        return { kind: 'needs_email', choice };
      }
      const problem = fail(ctx, record, {
        message: `This number takes the path “${PATH_NAMES.twilio_voice}” (a Twilio number without SMS): its code comes by a call to voicemail. Give an email for the voicemail code (column voice_email) and register it again.`,
      });
      return await settled(ctx, record, options, { kind: 'failed', record, problem, choice });
    }
    const spent = await numberOutOfCodes(ctx, record);
    if (spent) return await settled(ctx, record, options, { kind: 'failed', record, problem: fail(ctx, record, spent), choice });
    const now = ctx.clock.now();
    if (from === 'form') {
      const ahead = (await ctx.store.senders.aheadInQueue(record.accountSid, record.queuedAt ?? '')) > 0;
      if (ahead || !(await mayCreateNow(ctx, record.accountSid, now))) return await leftQueued(ctx, record, choice, now);
    }
    const forwardBefore = record.voiceForward;
    // A forward made before a restart already holds the number's own settings; those are kept.
    record.voiceForward =
      choice.path === 'twilio_voice' && number && (record.voiceEmail || ctx.voiceCalls)
        ? record.voiceForward && !record.voiceForward.restoredAt
          ? record.voiceForward
          : {
              phoneNumberSid: number.sid,
              email: record.voiceEmail,
              previous: voiceConfigOf(number),
              ...(ctx.voiceCalls ? { call: { nonce: newCallNonce() } } : {}),
            }
        : undefined;
    // The wait for an unknown outcome counts from here, however long the look-ups above took.
    markCreateSent(record, ctx.clock.now());
    let stored: boolean;
    let countedAt: string | undefined;
    try {
      stored = await commit(
        ctx,
        async () => ({
          also: async (tx) => {
            if (from === 'form' && !(await takeCreateTurn(ctx, record.accountSid, now, tx))) return false;
            countedAt = await countCodeRequest(tx, record, 'create', ctx.clock.now());
            await tx.senders.save(record);
            return true;
          },
        }),
        { attempts: 1 },
      );
    } catch (error) {
      // Another registration of the number took its last code request meanwhile: nothing went out.
      if (error instanceof CodeRequestsSpentError) {
        record.voiceForward = forwardBefore;
        const problem = (await numberOutOfCodes(ctx, record)) ?? { message: error.message };
        return await settled(ctx, record, options, { kind: 'failed', record, problem: fail(ctx, record, problem), choice });
      }
      // Changed since it was read: another replica's create queue took its turn and sends it.
      if (error instanceof StaleRecordError) return await takenElsewhere(ctx, record, choice, now);
      if (!(error instanceof StorageError)) throw error;
      stored = false;
    }
    if (!stored) {
      // Nothing left: back in the queue as stored (its voice settings, read before any forward, stay).
      record.state = 'queued';
      record.pendingCreate = undefined;
      if (from === 'queue') return { kind: 'requeued', record };
      record.voiceForward = undefined;
      return await leftQueued(ctx, record, choice, now);
    }
    const sent = await sendCreate(ctx, record, choice);
    // Refused before Meta had it: no code was asked for.
    if (sent.kind === 'failed' && countedAt) await takeBackCodeRequest(ctx, record, countedAt);
    const outcome: RegistrationOutcome =
      sent.kind === 'failed'
        ? { kind: 'failed', record, problem: sent.problem, choice }
        : sent.kind === 'checking'
          ? { kind: 'checking', record, choice }
          : { kind: 'created', record, choice };
    return await settled(ctx, record, options, outcome);
  } finally {
    if (from === 'form') ctx.inProcess.release(registrationKey(record.id));
  }
}

/** Why no code may be asked for the number now (Meta's limit per number, across registrations), if so. */
async function numberOutOfCodes(ctx: SendersContext, record: SenderRecord): Promise<Problem | undefined> {
  const now = ctx.clock.now();
  const budget = await codeRequestsOf(ctx.store, record.phoneNumber, now);
  return budget.left > 0 ? undefined : codeRequestsSpent(record.phoneNumber, budget, now);
}

/** The form's registration waits for the account's turn: stored queued with its path. */
async function leftQueued(ctx: SendersContext, record: SenderRecord, choice: PathChoice, now: number): Promise<RegistrationOutcome> {
  try {
    await commit(ctx, async () => ({ senders: [record] }), { attempts: 1 });
  } catch (error) {
    if (error instanceof StaleRecordError) return await takenElsewhere(ctx, record, choice, now);
    // Stored queued since its acceptance, so it goes at its turn all the same; the turn settles the path again.
    if (!(error instanceof StorageError)) throw error;
  }
  return { kind: 'queued', record, choice, turnAt: await turnEstimate(ctx, record, now) };
}

/**
 * The record changed while the form's registration was being settled: another replica's create
 * queue took it at its turn. Nothing is sent from here; the person is told it is on its way, and
 * its channel message follows it.
 */
async function takenElsewhere(ctx: SendersContext, record: SenderRecord, choice: PathChoice, now: number): Promise<RegistrationOutcome> {
  const current = (await ctx.store.senders.get(record.id)) ?? record;
  return { kind: 'queued', record: current, choice, turnAt: now };
}

/** Stores what became of the create (or of the refusal before it) with its messages. */
async function settled(ctx: SendersContext, record: SenderRecord, options: SendOptions, outcome: RegistrationOutcome): Promise<RegistrationOutcome> {
  try {
    const stored = await storeCreateOutcome(ctx, record, options.messages ?? (() => []));
    return stored && 'record' in outcome ? ({ ...outcome, record: stored } as RegistrationOutcome) : outcome;
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    return { kind: 'unrecorded', record, problem: error, sent: outcome.kind !== 'failed' };
  }
}

/** What became of a create: made, refused, or unknown for now (the bot checks with Twilio). */
type SendResult = { kind: 'created' } | { kind: 'checking' } | { kind: 'failed'; problem: Problem };

/** The create is about to go out: stored so, a crash or a lost answer is checked with Twilio, never guessed. */
export function markCreateSent(record: SenderRecord, now: number): void {
  record.state = 'creating';
  record.pendingCreate = { since: iso(now) };
}

/** Forwards a voice-only number if needed and creates the sender. */
async function sendCreate(ctx: SendersContext, record: SenderRecord, choice: PathChoice): Promise<SendResult> {
  try {
    if (record.voiceForward) await forwardCallsForTheCode(ctx, record);
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
  // What the sender tells of its WABA is remembered on the side: no fault here makes the create
  // count as failed. Not stored now, it is learnt again from the sender at a later check.
  await commit(ctx, async () => ({ also: async (tx) => void (await tx.accounts.linkWaba(record.accountSid, waba)) })).catch((error: unknown) => {
    ctx.logger.warn('could not record the WABA of an account', { id: record.id, error: problemFrom(error).message });
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
