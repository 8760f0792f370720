import { type AtomicallyOptions, type DomainStore, type NewOutboxItem, type Reads, type Repos, StaleRecordError } from '../store/repositories.js';
import type { AuditEntry, BulkRun, Customer, Onboarding, SenderRecord } from '../store/schema.js';

/**
 * What a domain operation decided: the records it changes, its audit entries and the Slack
 * messages that tell of it, stored together by `commit` or not at all.
 */
export interface Decision<R = void> {
  /** New sender records, inserted (DuplicateRegistrationError when one is already in play). */
  newSenders?: readonly SenderRecord[];
  /** Sender records changed, saved under the version rule (changed meanwhile: decided again). */
  senders?: readonly SenderRecord[];
  /** Sender records whose create never went out, deleted. */
  discardSenders?: readonly string[];
  newCustomers?: readonly Customer[];
  customers?: readonly Customer[];
  newBulkRuns?: readonly BulkRun[];
  bulkRuns?: readonly BulkRun[];
  newOnboardings?: readonly Onboarding[];
  onboardings?: readonly Onboarding[];
  audit?: readonly AuditEntry[];
  /** Slack messages to send, through the outbox. */
  messages?: readonly NewOutboxItem[];
  /**
   * Writes no field above holds (pending entries, bindings, the account's pace, the outbox's
   * delivery marks, a poll's batch), run last in the same unit. What it returns is the result
   * when `result` is unset.
   */
  also?: (tx: Repos) => Promise<R>;
  /** What `commit` returns once the decision is stored. */
  result?: R;
}

/** Decides from what is stored now; `attempt` is 1, then 2, 3… after someone else changed a record it read. */
export type Decide<R> = (read: Reads, attempt: number) => Promise<Decision<R>>;

/** Options for the store's unit (`atomically`), passed through untouched; `attempts` bounds the decisions. */
export type CommitOptions = AtomicallyOptions & { attempts?: number };

const ATTEMPTS = 5;

/**
 * The one way the domain writes. Decides inside one store unit (`atomically`) and stores the
 * decision there, on either store. When a record changed since it was read (StaleRecordError),
 * reads again and decides again, at most `attempts` times (then the error is thrown). A storage
 * failure rejects with the StorageError and nothing of the decision stays (src/store/repositories.ts):
 * the caller tells the person, or leaves the work for its next round.
 */
export async function commit<R>(ctx: { store: DomainStore; clock: { now(): number } }, decide: Decide<R>, options: CommitOptions = {}): Promise<R> {
  const { attempts = ATTEMPTS, ...unitOptions } = options;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ctx.store.atomically(async (tx) => apply(tx, await decide(tx, attempt), ctx.clock.now()), unitOptions);
    } catch (error) {
      if (!(error instanceof StaleRecordError) || attempt >= attempts) throw error;
    }
  }
}

async function apply<R>(tx: Repos, decision: Decision<R>, now: number): Promise<R> {
  for (const record of decision.newSenders ?? []) await tx.senders.insert(record);
  for (const record of decision.senders ?? []) await tx.senders.save(record);
  for (const id of decision.discardSenders ?? []) await tx.senders.discard(id);
  for (const customer of decision.newCustomers ?? []) await tx.customers.insert(customer);
  for (const customer of decision.customers ?? []) await tx.customers.save(customer);
  for (const run of decision.newBulkRuns ?? []) await tx.bulkRuns.insert(run);
  for (const run of decision.bulkRuns ?? []) await tx.bulkRuns.save(run);
  for (const onboarding of decision.newOnboardings ?? []) await tx.onboardings.insert(onboarding);
  for (const onboarding of decision.onboardings ?? []) await tx.onboardings.save(onboarding);
  for (const entry of decision.audit ?? []) await tx.audit.add(entry);
  for (const item of decision.messages ?? []) await tx.outbox.enqueue(item, now);
  const also = decision.also ? await decision.also(tx) : undefined;
  return (decision.result !== undefined ? decision.result : also) as R;
}

/** The record as this attempt should decide from: the one in hand first, then the stored one (undefined when gone). */
export async function latest<T extends { id: string }>(read: { get(id: string): Promise<T | undefined> }, inHand: T, attempt: number): Promise<T | undefined> {
  return attempt === 1 ? inHand : read.get(inHand.id);
}

/**
 * Decides a change to one sender record: `change` applied to the record in hand, and after
 * someone else changed it, to the stored one (for changes that hold whatever else changed, such
 * as what Twilio just answered). `alongside` adds what is stored with it (its audit entry, its
 * messages). The result is the record as saved; a record gone meanwhile throws StaleRecordError.
 */
export function senderChange(
  record: SenderRecord,
  change: (record: SenderRecord) => void,
  alongside: (record: SenderRecord) => Omit<Decision<unknown>, 'senders' | 'result' | 'also'> = () => ({}),
): Decide<SenderRecord> {
  return async (read, attempt) => {
    const current = await latest(read.senders, record, attempt);
    if (!current) throw new StaleRecordError('senders', record.id, record.version, undefined);
    change(current);
    return { ...alongside(current), senders: [current], result: current };
  };
}

/** For a `.catch` of a decision a job may drop when someone else changed its record meanwhile: that answers `value`; anything else is thrown again. */
export const unlessStale =
  <T>(value: T) =>
  (error: unknown): T => {
    if (error instanceof StaleRecordError) return value;
    throw error;
  };

/**
 * For jobs: stores their change to a record unless someone else changed it meanwhile (false:
 * theirs stands, and the job looks at the record again next round). A storage failure is thrown.
 */
export const storeUnlessChanged = (ctx: { store: DomainStore; clock: { now(): number } }, record: SenderRecord): Promise<boolean> =>
  commit(ctx, async () => ({ senders: [record], result: true }), { attempts: 1 }).catch(unlessStale(false));
