/**
 * The store as the rest of the bot sees it: one small asynchronous repository per collection,
 * asking the questions the code really asks. Two implementations stand behind it: lowdb (the
 * embedded default, src/store/lowdb) and PostgreSQL.
 *
 * Rules every implementation keeps, and every caller may rely on:
 * - Records returned are the caller's own copies (plain objects). Changing one changes nothing
 *   stored; a change persists only through `insert`, `save` and the other write methods.
 * - Lists come in insertion order (the order records were first inserted) unless a method says
 *   otherwise.
 * - A record is "in play" while its registration has not failed or been abandoned
 *   (`!isFinished(record)`): at most one in-play record exists per (accountSid, phoneNumber).
 * - Versioned records (SenderRecord, Customer, BulkRun) carry `version`, kept by the repository:
 *   `insert` stores version 1, `save` succeeds only when the stored version equals the record's,
 *   then stores version + 1. Both also set the new version on the object passed in, so the
 *   caller may save it again. A save that finds another version throws StaleRecordError:
 *   someone else changed the record since it was read; read it again and decide again.
 * - Storage failures, the same on both stores: a write, or a unit of writes (`atomically`), is
 *   either durably stored when its call returns, or it rejects with a StorageError and nothing
 *   of it stays, in memory or on disk, and nothing retries it later behind the caller's back.
 *   The caller says so to whoever asked (a person is told it was not saved; a job leaves that
 *   work undone and decides it again from what is stored on its next round). Outside
 *   `atomically` each write method is its own unit; the domain writes through `commit`
 *   (src/senders/commit.ts), which applies a decision as one unit. While writes fail, the store
 *   only probes the storage to tell operators when it works again (`health`).
 * - The rules both implementations answer (is a sender due, does it need a person, its shown
 *   status, quality order, in play, the list filter, name keys, queue order) are TypeScript in
 *   ./rules/, which the data file calls; PostgreSQL repeats some in SQL (postgres/sender-rules.ts),
 *   checked against them by a property test. Times a record holds are read as Date.parse reads
 *   them; one it cannot read counts as none.
 * - No outside call (Twilio, Slack) is made inside `atomically`: it would hold a transaction
 *   open (PostgreSQL) or be undone without being taken back (lowdb).
 */

import type { RequestDeadline } from './deadline.js';
import type {
  AuditEntry,
  BulkRun,
  CodeRequest,
  Customer,
  Onboarding,
  OutboxItem,
  PendingPurchase,
  PendingSubaccount,
  PollerState,
  RegistrationState,
  SenderRecord,
} from './schema.js';
import type { StorageError } from './storage-error.js';

export type StorageHealth = { ok: true } | { ok: false; problem: StorageError; since: number };

/** Another writer changed the record since it was read (its stored version differs, or it is gone). */
export class StaleRecordError extends Error {
  constructor(
    readonly collection: 'senders' | 'customers' | 'bulkRuns',
    readonly id: string,
    readonly expectedVersion: number | undefined,
    readonly storedVersion: number | undefined,
  ) {
    super(`${collection} record ${id} changed since it was read (version ${expectedVersion ?? 'none'}, stored ${storedVersion ?? 'none'})`);
    this.name = 'StaleRecordError';
  }
}

/** A registration of this number in this account is already in play; `existingId` is its record. */
export class DuplicateRegistrationError extends Error {
  constructor(
    readonly accountSid: string,
    readonly phoneNumber: string,
    readonly existingId: string,
  ) {
    super(`${phoneNumber} already has a registration in play in ${accountSid} (record ${existingId})`);
    this.name = 'DuplicateRegistrationError';
  }
}

/** A customer with this name (compared case-insensitively) or this account already exists. */
export class DuplicateCustomerError extends Error {
  constructor(
    readonly field: 'name' | 'accountSid' | 'id',
    readonly value: string,
  ) {
    super(`a customer with ${field} "${value}" already exists`);
    this.name = 'DuplicateCustomerError';
  }
}

/** A record with this id already exists (ids are made by the bot, so this is a programming error or a replay). */
export class DuplicateIdError extends Error {
  constructor(
    readonly collection: string,
    readonly id: string,
  ) {
    super(`${collection} already holds a record ${id}`);
    this.name = 'DuplicateIdError';
  }
}

/** What a poll plans with before it reads the due records batch by batch. */
export interface DuePlan {
  /** The due senders' ids, grouped by account (insertion order within each). */
  ids: string[];
  /** Accounts with at least `listWhenDue` senders due, or with an ONLINE sender due: the poll lists them instead of fetching each sender. */
  busyAccounts: string[];
}

/** What the poller needs to tell a due sender (see rules/due.ts isDue). */
export interface DueBounds {
  /** The longest wait between checks of a sender not online. */
  maxIntervalMs: number;
  /** The wait between checks of an online sender. */
  onlineRecheckMs: number;
}

/** Which senders a list wants; every given field must match (AND). */
export interface SenderFilter {
  /** Only these accounts. */
  accountSids?: readonly string[];
  customerId?: string;
  /** true: not unwatched (`watch.unwatchedAt` unset); false: unwatched only. */
  watched?: boolean;
  states?: readonly RegistrationState[];
  /** Only records in play (true) or finished (false). */
  inPlay?: boolean;
  /** Only rows of this bulk run. */
  runId?: string;
  /** Only records whose calls are forwarded to voicemail and not yet given back (`voiceForward` set, its `restoredAt` unset). */
  voiceForwardOpen?: boolean;
  /**
   * Only records whose `phoneNumber` (E.164) is one of these, any account. Meant to be answered
   * from an index on the number, so asking about a file's few thousand numbers reads only their
   * records (a bulk preview's check of registrations in play).
   */
  phoneNumbers?: readonly string[];
  /** Only records shown with one of these statuses (rules/attention.ts shownStatus). */
  shownStatuses?: readonly string[];
}

/** A page of a list: `offset` records skipped, at most `limit` returned (all when unset). */
export interface Page {
  offset?: number;
  limit?: number;
}

/** What the Home tab shows, read without copying every sender (see SenderRepository.home). */
export interface HomeSummary {
  /** Records not unwatched (`watch.unwatchedAt` unset), counted by shown status (rules/attention.ts shownStatus). */
  byShownStatus: Record<string, number>;
  /** Records not unwatched in state `online`: how many, how many at LOW and at MEDIUM quality, and the first `limit` worst quality first (rules/attention.ts qualityOrder; ties in insertion order). */
  online: { count: number; low: number; medium: number; worst: SenderRecord[] };
  /** Records needing a person (rules/attention.ts attentionOf at `now`): how many, and the first `limit` in insertion order. */
  attention: { count: number; first: SenderRecord[] };
  /** The earliest `watch.nextCheckAt` (ms) of the watched records (a SID, in play, not unwatched); `now` for one without `watch` or whose time cannot be read (rules/due.ts nextCheckOf); undefined when none is watched. */
  nextCheckAt?: number;
}

/** Records of one shown status (rules/attention.ts shownStatus): how many, and the first few in insertion order. */
export interface ShownStatusGroup {
  status: string;
  count: number;
  first: SenderRecord[];
}

export interface SenderTally {
  /** Twilio's status (`none` before the create has an answer) and quality rating (`unknown` until Twilio gives one). */
  byStatus: Map<string, { status: string; quality: string; count: number }>;
  /** The bot's own registration state. */
  byState: Map<string, number>;
}

export interface AccountQueue {
  accountSid: string;
  depth: number;
  /** When the longest-waiting create joined the queue (ms since the epoch). */
  oldestQueuedAt: number;
}

export interface OutboxBacklog {
  waiting: number;
  /** When the oldest waiting Slack message was stored; undefined when none waits. */
  oldestAt?: number;
  /** Messages Slack refused every time, kept aside. */
  undelivered: number;
}

export interface SenderRepository {
  /** The record with this id. */
  get(id: string): Promise<SenderRecord | undefined>;
  /** The records with these ids, in the order of `ids`; ids not found are left out. */
  getMany(ids: readonly string[]): Promise<SenderRecord[]>;
  /**
   * The newest record for a sender SID (key not starting with "+") or an E.164 phone number
   * (key starting with "+"): the in-play one if any, else the last inserted. Any account.
   */
  findBySidOrPhone(key: string): Promise<SenderRecord | undefined>;
  /** Every record with this sender SID (in this account when given), finished ones too. */
  withSid(sid: string, accountSid?: string): Promise<SenderRecord[]>;
  /** The in-play registration of this number in this account, if any (at most one exists). */
  findActive(accountSid: string, phoneNumber: string): Promise<SenderRecord | undefined>;
  /**
   * Stores a new record with version 1 (set on `record` too). Throws DuplicateRegistrationError
   * when `record` is in play and another in-play record exists for its (accountSid,
   * phoneNumber), DuplicateIdError when its id exists; nothing is stored then. Inside
   * `atomically` such a refusal leaves the transaction usable: the caller may skip the record
   * and go on (bulk runs do; PostgreSQL needs a savepoint or ON CONFLICT for this).
   */
  insert(record: SenderRecord): Promise<void>;
  /** Replaces the stored record (see the version rule above); StaleRecordError when the version differs or the record is gone. Saving a finished record in play again obeys the same uniqueness as insert. */
  save(record: SenderRecord): Promise<void>;
  /**
   * Saves several records in one go, each under the version rule: a record whose stored
   * version differs (or that is gone) is skipped, the others are saved (their versions set).
   * Returns the ids skipped. For batch writers (the poller) that drop a stale record's change
   * and look at it again later; inside `atomically` it never aborts the transaction.
   */
  saveAll(records: readonly SenderRecord[]): Promise<string[]>;
  /** Deletes a record whose create never went out (a registration taken back before its turn); no-op when it is gone. */
  discard(id: string): Promise<void>;
  /**
   * The senders the poller checks at `now` (rules/due.ts isDue): records with a SID, in play,
   * not unwatched (`watch.unwatchedAt` unset), whose `watch` is unset, or whose
   * `watch.nextCheckAt` cannot be read, is at or before `now`, or lies further after `now` than any wait they
   * could have been given (recorded while the clock ran ahead): more than `maxIntervalMs`, for
   * online records more than max(maxIntervalMs, onlineRecheckMs). Only their ids, so a poll of
   * any size holds little, ordered by account so a poll reading them in batches meets an
   * account's senders together; and the accounts busy enough to be listed (DuePlan).
   */
  duePlan(now: number, bounds: DueBounds, listWhenDue: number): Promise<DuePlan>;
  /**
   * Records in state `queued`, ordered by `queuedAt` (records without a readable one first), ties in
   * insertion order (rules/queue.ts). The caller leaves out rows of bulk runs that are not running.
   */
  queued(): Promise<SenderRecord[]>;
  /** How many queued records of this account joined the queue before `queuedAt` (compared as instants; records without a readable time count as before). */
  aheadInQueue(accountSid: string, queuedAt: string): Promise<number>;
  /** Records in state `creating` (a create was sent or is about to be; its outcome is not stored). */
  creating(): Promise<SenderRecord[]>;
  /**
   * Records whose display name (`profile.name`) or latest asked name (`nameChange.name`),
   * trimmed and lowercased, is one of `names` (given trimmed and lowercased), insertion order:
   * what the bulk runs' display-name-first gate weighs (rules/name-keys.ts).
   */
  withNames(names: readonly string[]): Promise<SenderRecord[]>;
  /** Records matching `filter` (rules/sender-filter.ts), insertion order, paged. */
  list(filter?: SenderFilter, page?: Page): Promise<SenderRecord[]>;
  count(filter?: SenderFilter): Promise<number>;
  /**
   * The Home tab's counts and rows (HomeSummary), at `now`, with senders OFFLINE this long
   * counted as needing a person: only the listed rows (at most `limit` per list) are copied.
   */
  home(now: number, stuckOfflineMs: number, limit: number): Promise<HomeSummary>;
  /**
   * Records matching `filter` grouped by shown status (rules/attention.ts shownStatus): each group's
   * count and its first `perGroup` records; only those are copied. Groups in no set order.
   */
  groupByShownStatus(filter: SenderFilter, perGroup: number): Promise<ShownStatusGroup[]>;
  /** Every sender counted by status and quality and by state (for /metrics). */
  tally(): Promise<SenderTally>;
  /**
   * Creates waiting for their turn, per account: queued records that are not rows of a bulk run
   * or whose run is `running` (a paused run's rows do not wait on the pace).
   */
  createQueues(): Promise<AccountQueue[]>;
}

export interface CustomerRepository {
  get(id: string): Promise<Customer | undefined>;
  /** By id, or by account SID or name compared case-insensitively after trimming. */
  find(nameOrSidOrId: string): Promise<Customer | undefined>;
  byAccount(accountSid: string): Promise<Customer | undefined>;
  /** Every customer, insertion order (a few hundred at most). */
  list(): Promise<Customer[]>;
  /** The customers whose recorded WABA is one of these, insertion order. */
  holdingWabas(wabaIds: readonly string[]): Promise<Customer[]>;
  /** Whether any customer is stored. */
  any(): Promise<boolean>;
  /** Version 1; DuplicateCustomerError when the name (case-insensitive), the account or the id is taken (whatever version the object carries). */
  insert(customer: Customer): Promise<void>;
  /** Version rule; the name and account stay unique. */
  save(customer: Customer): Promise<void>;
}

export interface BulkRunRepository {
  get(id: string): Promise<BulkRun | undefined>;
  /** Every run, insertion order; `excludePreviews` leaves out runs still `previewing`. */
  list(options?: { excludePreviews?: boolean; channel?: string }): Promise<BulkRun[]>;
  /** Runs in these states. */
  inStates(states: readonly BulkRun['state'][]): Promise<BulkRun[]>;
  /** Version 1; DuplicateIdError when the id exists. */
  insert(run: BulkRun): Promise<void>;
  save(run: BulkRun): Promise<void>;
  /** Deletes the runs of this person still `previewing` (a person previews one file at a time). */
  discardPreviewsOf(user: string): Promise<void>;
}

export type NewOutboxItem = Omit<OutboxItem, 'id' | 'createdAt' | 'attempts'>;

/**
 * Slack messages decided but not yet delivered. Items are delivered in enqueue order per
 * channel; the channel of an item is resolved by the outbox job (it may depend on the sender's
 * or the onboarding's record), so the repository keeps the global order.
 */
export interface OutboxRepository {
  /**
   * Adds an item. Kinds rendered from the latest state when delivered (refresh_sender_message,
   * refresh_bulk_progress, post_sender_message) coalesce: when an item of the same kind, senderId
   * and runId waits and is not being sent (`sendingAt` unset), no item is added and a `note`
   * given (an empty one too) replaces that item's note. Returns the item stored or the waiting one it joined.
   */
  enqueue(item: NewOutboxItem, now: number): Promise<OutboxItem>;
  /** Every waiting item, enqueue order. */
  waiting(): Promise<OutboxItem[]>;
  get(id: string): Promise<OutboxItem | undefined>;
  /** Waiting items of this kind for this sender / run / onboarding (each given field must match), enqueue order. */
  find(match: { kind?: OutboxItem['kind']; senderId?: string; runId?: string; onboardingId?: string }): Promise<OutboxItem[]>;
  /** Stores the item's changed fields (attempts, notBefore, lastError, sendingAt, fileId, …); its place in the order stays. No-op when it is gone. */
  save(item: OutboxItem): Promise<void>;
  /** Sets `sendingAt` (stored before a post goes to Slack, so after a crash Slack is asked first). */
  markSending(id: string, at: string): Promise<void>;
  /** Removes a delivered item; no-op when it is gone. */
  remove(id: string): Promise<void>;
  /** Moves an item Slack refused for good to the undelivered list (with its fields as given). */
  setAside(item: OutboxItem): Promise<void>;
  backlog(): Promise<OutboxBacklog>;
  /** Items Slack refused for good, in the order they were set aside. */
  undelivered(): Promise<OutboxItem[]>;
}

export interface AuditRepository {
  /** Appends an entry. */
  add(entry: AuditEntry): Promise<void>;
  /** The latest `limit` entries, oldest first; none when `limit` is 0 or less. */
  recent(limit: number): Promise<AuditEntry[]>;
}

/** Channels bound to one customer. */
export interface ChannelBindingRepository {
  /** The customer id bound to the channel. */
  get(channel: string): Promise<string | undefined>;
  set(channel: string, customerId: string): Promise<void>;
  /** Whether a binding was removed. */
  remove(channel: string): Promise<boolean>;
  /** Every binding: channel ID to customer id. */
  list(): Promise<Record<string, string>>;
}

/** Per Twilio account: the pace of creates and the WABA it is linked to. */
export interface AccountRepository {
  /**
   * When the last sender-creating request of the account was sent (ms), if ever. Given `now`, a
   * time stored after `now` (recorded while the host clock ran ahead) is stored as `now` and
   * returned so: the wait measured from it lasts its usual length from here (clock.ts pastTime).
   * When the storage refuses that move, the answer is the same and the move is not kept.
   */
  pace(accountSid: string, now?: number): Promise<number | undefined>;
  /**
   * Compare-and-set of the account's pace: when `pace(accountSid, now)` is unset or at least
   * `minIntervalMs` before `now`, stores `now` and returns true; else returns false (a stored
   * time after `now` is moved to `now` as `pace` does, and a refused move changes no answer).
   * One caller wins per interval, across processes too.
   */
  takeTurn(accountSid: string, now: number, minIntervalMs: number): Promise<boolean>;
  /** Sets the pace to `at`, or forgets it (undefined): puts back a turn whose create never went out. */
  setPace(accountSid: string, at: number | undefined): Promise<void>;
  /** The WABA the account is known to be linked to. */
  waba(accountSid: string): Promise<string | undefined>;
  /** Every account's known WABA (account SID to WABA id). */
  wabas(): Promise<Record<string, string>>;
  /** The accounts known to be linked to any of these WABAs (account SID to WABA id). */
  holdersOf(wabaIds: readonly string[]): Promise<Record<string, string>>;
  /** Records the account's WABA unless one is known already; returns the WABA now known. */
  linkWaba(accountSid: string, wabaId: string): Promise<string>;
}

/** Embedded Signup links given out. */
export interface OnboardingRepository {
  get(id: string): Promise<Onboarding | undefined>;
  /** Stores a new onboarding; DuplicateIdError when its id exists (nothing is stored then). */
  insert(onboarding: Onboarding): Promise<void>;
  /**
   * Replaces the stored one with the same id (no version: one person finishes a link); no-op
   * when it is gone. Its notice count (`notices`, `lastNoticeAt`) stays as stored: only
   * `countNotice` changes it, so a copy read before another notice cannot count that one back.
   */
  save(onboarding: Onboarding): Promise<void>;
  /** No-op when it is gone. */
  remove(id: string): Promise<void>;
  /** Every onboarding, insertion order. */
  list(): Promise<Onboarding[]>;
  /**
   * Counts one notice of the onboarding in its thread, unless `max` are counted already or the
   * latest was counted less than `gapMs` before `now` (ISO times compared as stored); then
   * `notices` + 1 and `lastNoticeAt` = `now` are stored. True when counted; false when not, or
   * when the onboarding is gone. One caller wins per gap, across processes too.
   */
  countNotice(id: string, now: number, gapMs: number, max: number): Promise<boolean>;
}

/** Subaccounts asked of Twilio for new customers, stored before the request goes out: one per name. */
export interface PendingSubaccountRepository {
  /** Insertion order. */
  list(): Promise<PendingSubaccount[]>;
  /** By name, case-insensitive after trimming. */
  find(name: string): Promise<PendingSubaccount | undefined>;
  /** DuplicateIdError when an entry of that name (case-insensitive, trimmed) exists; nothing is stored then. */
  add(entry: PendingSubaccount): Promise<void>;
  /** Removes the entry with this name (case-insensitive); no-op when there is none. */
  remove(name: string): Promise<void>;
}

/** Number purchases whose outcome is not known yet, one per number and account. */
export interface PendingPurchaseRepository {
  /** The purchase of this number (into this account when given; else the first added). */
  find(phoneNumber: string, accountSid?: string): Promise<PendingPurchase | undefined>;
  /** DuplicateIdError when a purchase of this number into this account is stored already; nothing is stored then. */
  add(entry: PendingPurchase): Promise<void>;
  /** Forgets the purchase of this number (into this account when given; else every one of the number). */
  remove(phoneNumber: string, accountSid?: string): Promise<void>;
  /** Insertion order. */
  list(): Promise<PendingPurchase[]>;
}

/**
 * Work that must be done once at a time across every process sharing the store (a purchase, a
 * customer being added, a signup result, an action on a registration), claimed by key while it
 * runs. A claim lapses `ttlMs` after it was last taken, so work whose process died blocks no
 * one for good; the holder renews it while it works and gives it up when done. Times are the
 * caller's clock (ms since the epoch). On the data file, which one process holds, claims live
 * in that process's memory; on PostgreSQL, in a table every replica sees.
 */
export interface ClaimRepository {
  /**
   * Takes the claim when nobody holds it, when its holder's time ran out (its expiry at or
   * before `now`), or when `holder` holds it already (then renewed): it is then held by
   * `holder` until `now + ttlMs`, and true is returned. False when another holder holds it.
   */
  take(key: string, holder: string, now: number, ttlMs: number): Promise<boolean>;
  /** Gives the claim up when `holder` holds it; no-op otherwise. */
  release(key: string, holder: string): Promise<void>;
}

/**
 * Verification codes asked of Meta, per phone number across registrations and accounts (Meta
 * limits them per number: src/store/rules/code-requests.ts). Times are ms since the epoch.
 */
export interface CodeRequestRepository {
  /** The times of the requests for this number (E.164) at or after `since`, oldest first. */
  since(phoneNumber: string, since: number): Promise<number[]>;
  /**
   * Counts the request unless `max` requests for its number are counted at or after `since`:
   * true when counted. Requests of that number from before `since` may be forgotten. Inside
   * `atomically`, one caller wins the last place, across processes too.
   */
  record(request: CodeRequest, since: number, max: number): Promise<boolean>;
  /** Takes back the request of this registration at this time (ISO, as recorded): it never went out. No-op when none is counted. */
  forget(phoneNumber: string, senderId: string, at: string): Promise<void>;
}

/**
 * Meta's webhook events already handled, by key (src/meta/webhook-events.ts): Meta retries and
 * may deliver an event twice, to any replica. Times are ms since the epoch.
 */
export interface MetaEventRepository {
  /**
   * Stores the key when it is new and returns true; false when it is stored already (nothing
   * changes then). Of callers adding the same key at once, across processes too, one gets true.
   */
  add(key: string, wabaId: string, at: number): Promise<boolean>;
  /** Forgets the keys added before `cutoff`; returns how many. */
  forgetBefore(cutoff: number): Promise<number>;
}

/** What the last status poll did (shown on the Home tab). */
export interface PollerStateRepository {
  get(): Promise<PollerState>;
  set(state: PollerState): Promise<void>;
}

export interface AtomicallyOptions {
  /**
   * Work done for a Slack request before its answer: every wait on the storage (a connection, a
   * statement, a lock, a file write) ends by this deadline, and past it the writes are taken back
   * for good (never stored later) and a DeadlineError (a StorageError) is thrown. Once the
   * answer went out the deadline no longer bounds anything.
   */
  deadline?: RequestDeadline;
}

export interface Repos {
  readonly senders: SenderRepository;
  readonly customers: CustomerRepository;
  readonly bulkRuns: BulkRunRepository;
  readonly outbox: OutboxRepository;
  readonly audit: AuditRepository;
  readonly channelBindings: ChannelBindingRepository;
  readonly accounts: AccountRepository;
  readonly onboardings: OnboardingRepository;
  readonly pendingSubaccounts: PendingSubaccountRepository;
  readonly pendingPurchases: PendingPurchaseRepository;
  readonly poller: PollerStateRepository;
  readonly claims: ClaimRepository;
  readonly codeRequests: CodeRequestRepository;
  readonly metaEvents: MetaEventRepository;
}

export interface Store extends Repos {
  readonly kind: 'lowdb' | 'postgres';
  /** Where the data lives, for messages to people: the data file's path, or host:port/database. */
  readonly location: string;
  /**
   * How many records a job reads and writes in one go. PostgreSQL pays per record, so batches
   * keep memory bounded however many senders there are; the data file is written whole
   * whatever changed, so one batch of everything costs it least.
   */
  readonly batchSize: number;
  /**
   * Runs `work` with repositories whose writes persist together or not at all: when storing
   * fails, none of them stays (also not in memory) and the StorageError is thrown; when `work`
   * throws, its writes are taken back and the error is thrown. Use only `tx` inside `work`, and
   * make no outside call there. Calls do not nest. When it fails, the versions its inserts and
   * saves set on the objects passed to them are taken back too, so those objects can be saved
   * again once the caller has decided what to do.
   */
  atomically<T>(work: (tx: Repos) => Promise<T>, options?: AtomicallyOptions): Promise<T>;
  /**
   * The store as a Slack request sees it until its answer: the same data, every read and write
   * bounded by `deadline` as `atomically`'s deadline option says (a lone write is a unit of its
   * own), and `atomically` bounded by it unless given another. Once the answer went out it
   * behaves as the store itself.
   */
  bounded(deadline: RequestDeadline): Store;
  /** Resolves once every write made so far is durable (rejects with a StorageError when it cannot be). */
  flush(): Promise<void>;
  /** Whether the latest write worked. While it did not, the store probes the storage until it works (a failed write itself is not retried). */
  readonly health: StorageHealth;
  /** Called when writes start failing and when they work again; not once per failed write. */
  onHealthChange(listener: (health: StorageHealth) => void): void;
  /** Stops probing and releases the storage (file lock, connections). */
  close(): Promise<void>;
  /** Releases the storage at once, writes in flight or not: the process is about to exit. */
  closeNow(): void;
}

/** The names of the repositories' write methods: only a transaction (`atomically`, through `commit`) offers them to the domain. */
export type WriteMethod =
  | 'insert'
  | 'save'
  | 'saveAll'
  | 'discard'
  | 'discardPreviewsOf'
  | 'enqueue'
  | 'markSending'
  | 'remove'
  | 'setAside'
  | 'add'
  | 'set'
  | 'takeTurn'
  | 'setPace'
  | 'linkWaba'
  | 'take'
  | 'release'
  | 'countNotice'
  | 'record'
  | 'forget'
  | 'forgetBefore';

/** The repositories' reading side. */
export type Reads = { readonly [K in keyof Repos]: Omit<Repos[K], WriteMethod> };

/**
 * The store as the domain holds it: it reads, and it writes only through `commit`
 * (src/senders/commit.ts), which opens the unit (`atomically`). A full Store is one.
 */
export type DomainStore = Reads & Omit<Store, keyof Repos>;
