import cron, { type ScheduledTask } from 'node-cron';
import { iso } from '../clock.js';
import { forEachLimited } from '../concurrency.js';
import { commit } from '../senders/commit.js';
import type { SendersContext } from '../senders/context.js';
import { restoreVoiceConfig } from '../senders/numbers/voice-forward.js';
import { problemFrom } from '../senders/outcome.js';
import { type CheckDecision, checkSender } from '../senders/watch/check-sender.js';
import { askTwilio } from '../senders/watch/refresh.js';
import { isDue, type WatchSettings } from '../senders/watch/schedule.js';
import type { NewOutboxItem } from '../store/repositories.js';
import type { PollerState, SenderRecord } from '../store/schema.js';
import { StorageError } from '../store/storage-error.js';
import type { SenderWire } from '../twilio/wire.js';
import { type JobLease, soleLease } from './lease.js';
import type { OutboxDelivery } from './outbox.js';
import { SharedLooks } from './shared-looks.js';
import { watchOutboxItem } from './watch-words.js';

/** Held while a poll checks a sender: a Re-check of it then waits for the poll's answer instead of checking it twice. */
const checkKey = (recordId: string) => `check:${recordId}`;

/**
 * From this many senders due in one account, or with an ONLINE sender due (ONLINE senders are
 * re-checked often), a poll lists the account instead of fetching each sender: one request per
 * 1,000 senders of the account.
 */
const LIST_WHEN_DUE = 20;

/**
 * The records in turns across their accounts (one of each account, then the next of each, ...),
 * so the checks in flight at once are spread over accounts: Twilio limits the requests of each
 * account, and a subaccount's first check waits for its token while the others go on.
 */
function acrossAccounts(records: SenderRecord[]): SenderRecord[] {
  const byAccount = new Map<string, SenderRecord[]>();
  for (const record of records) {
    const list = byAccount.get(record.accountSid);
    if (list) list.push(record);
    else byAccount.set(record.accountSid, [record]);
  }
  const turns: SenderRecord[] = [];
  let left = [...byAccount.values()];
  for (let turn = 0; left.length > 0; turn++) {
    for (const list of left) turns.push(list[turn]!);
    left = left.filter((list) => list.length > turn + 1);
  }
  return turns;
}

/** The senders of the busy accounts a poll is going through, as Twilio listed them. */
class AccountLists {
  private readonly lists = new Map<string, SenderWire[]>();

  has(account: string): boolean {
    return this.lists.has(account);
  }

  set(account: string, wires: SenderWire[]): void {
    this.lists.set(account, wires);
  }

  /** Due senders come grouped by account: one the batch no longer holds will not come back. */
  keepOnly(accounts: Set<string>): void {
    for (const account of this.lists.keys()) if (!accounts.has(account)) this.lists.delete(account);
  }

  bySid(): Map<string, SenderWire> {
    const bySid = new Map<string, SenderWire>();
    for (const wires of this.lists.values()) for (const wire of wires) if (wire.sid) bySid.set(wire.sid, wire);
    return bySid;
  }
}

export interface PollReport {
  checked: number;
  changed: number;
  failures: number;
  ms: number;
}

/**
 * The status watcher's loop: reads the senders that are due (lease, batches, claims), asks
 * Twilio, lets checkSender (senders/watch) decide and watch-words (views/) word the messages.
 * One store write per batch (on the data file, one per poll): the checked senders with their
 * Slack messages (the outbox delivers them); a sender changed meanwhile by someone else keeps
 * that change, drops this check's, and is checked again at the next poll.
 */
export class StatusPoller {
  private running?: Promise<PollReport>;
  /**
   * The Slack messages each check decided, by the record copy it works on: a poll and a Re-check
   * of the same sender each keep their own, and only the one whose record is saved is queued.
   */
  private readonly decided = new WeakMap<SenderRecord, NewOutboxItem[]>();
  /** Senders a Re-check is checking now (several clicks may check one at once), by record id: a poll leaves them out. */
  private readonly rechecking = new Map<string, number>();
  private task?: ScheduledTask;
  private stopped = false;
  /** Held by one replica at a time: the schedule runs on every replica, the polls on the holder only. */
  private lease: JobLease = soleLease;
  /** Work done after each poll by the replica that holds the poll lease (Meta's view of the WABAs). */
  private readonly leasedWork: (() => Promise<unknown>)[] = [];
  private leasedRunning?: Promise<void>;

  constructor(
    private readonly ctx: SendersContext,
    private readonly settings: WatchSettings,
    private readonly outbox: OutboxDelivery,
    private readonly alertChannel?: string,
    /** Told of every finished poll (the metrics). */
    private readonly onPoll: (report: PollReport) => void = () => {},
    /** The poll lease among replicas, lasting the given time; without it this process is the only poller. */
    private readonly leaseFor: (ttlMs: number) => JobLease = () => soleLease,
  ) {}

  /**
   * Polls on the schedule. The lease lasts one period between two runs and its holder renews it
   * meanwhile: when the holder dies, it lapses within a period and the next run of another
   * replica takes it, within two periods.
   */
  start(expression: string): void {
    this.task = cron.schedule(
      expression,
      () => {
        this.tick().catch((error: unknown) => {
          // A poll whose write failed keeps its results in memory; the store retries and alerts.
          if (!(error instanceof StorageError)) this.ctx.logger.error('poll failed', { error: problemFrom(error).message });
        });
      },
      { noOverlap: true, name: 'sender-status-poller' },
    );
    const [next, after] = this.task.getNextRuns(2);
    this.lease = this.leaseFor(next && after ? after.getTime() - next.getTime() : 60_000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.task?.stop();
    await this.running;
    await this.leasedRunning;
    await this.lease.release().catch(() => undefined);
  }

  /** Work to do after each poll, on the poll lease: one replica does it, on the poll's schedule. */
  alsoOnLease(work: () => Promise<unknown>): void {
    this.leasedWork.push(work);
  }

  /** A run of the schedule: a poll when this replica holds the poll lease (taking it when it lapsed), else nothing. */
  async tick(): Promise<PollReport | undefined> {
    if (this.running || this.stopped) return undefined;
    if (!(await this.lease.hold())) return undefined;
    this.running ??= this.poll(true).finally(() => {
      this.running = undefined;
    });
    const report = await this.running;
    this.startLeasedWork();
    return report;
  }

  /**
   * The lease holder's other work, after the poll and beside the next ones: a slow Meta never
   * holds up Twilio's polls or a Re-check. One round at a time; a failing job does not stop the others.
   */
  private startLeasedWork(): void {
    if (this.leasedRunning || this.stopped || this.leasedWork.length === 0) return;
    this.leasedRunning = (async () => {
      for (const work of this.leasedWork) {
        if (this.stopped || !(await this.lease.stillHeld())) return;
        await work().catch((error: unknown) => {
          if (!(error instanceof StorageError)) this.ctx.logger.warn('work on the poll lease failed', { error: problemFrom(error).message });
        });
      }
    })().finally(() => {
      this.leasedRunning = undefined;
    });
  }

  get busy(): boolean {
    return this.running !== undefined || this.leasedRunning !== undefined;
  }

  async idle(): Promise<void> {
    while (this.running || this.leasedRunning) {
      await this.pollIdle();
      await this.leasedRunning;
    }
  }

  private async pollIdle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }

  /** One poll now, lease or not. A second call while one runs gets the running one: polls never overlap. */
  runOnce(): Promise<PollReport> {
    this.running ??= this.poll(false).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Checks one sender now (Re-check, `status`), whether due or not. `askedAt` (performance.now()
   * when the person asked): a check of it that started since answers too, so a burst of
   * `status` of one number asks Twilio once or twice instead of once per command.
   */
  checkNow(recordId: string, askedAt?: number): Promise<SenderRecord | undefined> {
    // One waiting on the poll is not shared: whoever asks once the poll is done with the sender checks it at once.
    if (this.ctx.inProcess.has(checkKey(recordId))) return this.checkOnce(recordId);
    return this.asked.ask(recordId, askedAt);
  }

  private readonly asked = new SharedLooks((recordId: string) => this.checkOnce(recordId));

  private async checkOnce(recordId: string): Promise<SenderRecord | undefined> {
    if (this.ctx.inProcess.has(checkKey(recordId))) {
      // The running poll is checking this sender right now: its answer is the one to show.
      await this.pollIdle();
      return this.ctx.store.senders.get(recordId);
    }
    // Taken before any await, so a poll starting meanwhile leaves this sender to this check.
    this.rechecking.set(recordId, (this.rechecking.get(recordId) ?? 0) + 1);
    try {
      const record = await this.ctx.store.senders.get(recordId);
      if (!record?.sid) return record;
      const checked = await this.check(record, this.ctx.clock.now());
      await this.store([checked.record]);
      this.outbox.kick();
      return (await this.ctx.store.senders.get(recordId)) ?? record;
    } finally {
      const left = (this.rechecking.get(recordId) ?? 1) - 1;
      if (left > 0) this.rechecking.set(recordId, left);
      else this.rechecking.delete(recordId);
    }
  }

  /**
   * `leased`: started under the poll lease, whose loss meanwhile drops the results not yet
   * stored. The due senders are read and stored batch by batch (the store's batch size), each
   * batch stored while the next is checked: memory stays bounded however many are due.
   */
  private async poll(leased: boolean): Promise<PollReport> {
    const now = this.ctx.clock.now();
    const started = Date.now();
    // A sender someone is re-checking right now is left to that check.
    const plan = await this.ctx.store.senders.duePlan(now, this.settings, LIST_WHEN_DUE);
    const due = plan.ids.filter((id) => !this.rechecking.has(id));
    const busy = new Set(plan.busyAccounts);
    const totals = { checked: 0, changed: 0, failures: 0 };
    const report = () => ({ ...totals, ms: Date.now() - started });
    const pollState = (r: PollReport): PollerState => ({ lastPollAt: iso(now), lastPollMs: r.ms, lastPollChecked: r.checked, lastPollFailures: r.failures });
    const size = this.ctx.store.batchSize;
    // The next batch is read while this one is checked.
    const read = (from: number) => {
      const reading = from < due.length ? this.ctx.store.senders.getMany(due.slice(from, from + size)) : Promise.resolve([]);
      reading.catch(() => undefined);
      return reading;
    };
    let reading = read(0);
    let storing: Promise<void> = Promise.resolve();
    let stateStored = false;
    let leaseLost = false;
    const lists = new AccountLists();
    // The records whose claims this poll holds and no write will release.
    let held: SenderRecord[] = [];
    let failed = false;
    try {
      for (let from = 0; from < due.length && !this.stopped; from += size) {
        // A sender unwatched, finished or checked since the plan is left out.
        const batch = (await reading).filter((record) => isDue(record, now, this.settings));
        reading = read(from + size);
        held = batch.filter((record) => !this.rechecking.has(record.id) && this.ctx.inProcess.take(checkKey(record.id)));
        const listed = await this.listAccounts(lists, held, busy);
        const checked = await this.checkBatch(held, now, listed, totals);
        await storing;
        // A holder that lost the lease (stalled past it) leaves the store to the new one. Should the
        // lease lapse after this look, each record's version still refuses a second outcome.
        if (leased && !(await this.lease.stillHeld())) {
          leaseLost = true;
          break;
        }
        const last = from + size >= due.length || this.stopped;
        stateStored ||= last;
        const claimed = held;
        held = [];
        storing = this.store(checked, last ? pollState(report()) : undefined).finally(() => this.release(claimed));
        // Awaited at the next batch or at the end; marked handled now so a failure meanwhile is not an unhandled rejection.
        storing.catch(() => undefined);
      }
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      this.release(held);
      // The write in flight ends before the poll does; its failure is told here when another one ends the poll.
      if (failed)
        await storing.catch((error: unknown) => this.ctx.logger.warn('a poll could not store its last checks', { error: problemFrom(error).message }));
    }
    await storing;
    const done = report();
    if (leaseLost) {
      this.ctx.logger.warn('the poll lease passed to another replica during a poll; its results are left to that one');
      this.onPoll(done);
      return done;
    }
    if (!stateStored) await this.store([], pollState(done));
    this.onPoll(done);
    this.outbox.kick();
    return done;
  }

  private release(records: SenderRecord[]): void {
    for (const record of records) this.ctx.inProcess.release(checkKey(record.id));
  }

  /** Checks one batch of due senders, at most `concurrency` at once; returns those checked (not those left for a stop). */
  private async checkBatch(
    due: SenderRecord[],
    now: number,
    listed: Map<string, SenderWire>,
    totals: { checked: number; changed: number; failures: number },
  ): Promise<SenderRecord[]> {
    const checked: SenderRecord[] = [];
    await forEachLimited(acrossAccounts(due), this.settings.concurrency, async (record) => {
      // Stopping: senders not checked yet stay due for the next start.
      if (this.stopped) return;
      let decision: CheckDecision;
      try {
        decision = await this.check(record, now, listed.get(record.sid ?? ''));
      } catch (error) {
        totals.failures += 1;
        decision = checkSender(record, { failed: true }, now, this.settings);
        this.ctx.logger.warn('could not check a sender', { id: record.id, sid: record.sid, error: problemFrom(error).message });
      }
      if (decision.changed) totals.changed += 1;
      totals.checked += 1;
      checked.push(decision.record);
    });
    return checked;
  }

  /**
   * The batch's busy accounts (see LIST_WHEN_DUE) are read with the list endpoint (1,000 a page)
   * instead of one fetch per sender; an account whose senders run on from the last batch keeps
   * its list. A sender missing from the list is fetched on its own, which tells a deleted one
   * (404) from a list that was not complete.
   */
  private async listAccounts(lists: AccountLists, records: SenderRecord[], busy: Set<string>): Promise<Map<string, SenderWire>> {
    const accounts = new Set(records.map((r) => r.accountSid).filter((account) => busy.has(account)));
    lists.keepOnly(accounts);
    await forEachLimited(
      [...accounts].filter((account) => !lists.has(account)),
      this.settings.concurrency,
      async (account) => {
        try {
          lists.set(account, await this.ctx.twilio.listSenders(account));
        } catch (error) {
          this.ctx.logger.warn('could not list the senders of an account; fetching them one by one', { account, error: problemFrom(error).message });
        }
      },
    );
    return lists.bySid();
  }

  /**
   * Asks Twilio, lets checkSender decide, words the messages (a voice-only number's calls
   * given back first, when due); returns the record to store with what it decided.
   */
  private async check(record: SenderRecord, now: number, listed?: SenderWire): Promise<CheckDecision> {
    if (!record.sid) return { record, changed: false, messages: [] };
    const decision = checkSender(record, await askTwilio(this.ctx, record.accountSid, record.sid, listed), now, this.settings);
    const checked = decision.record;
    const messages = [...decision.messages];
    if (decision.restoreVoice && (await this.restoreVoice(checked)))
      messages.push({ kind: 'post', to: 'thread', news: { kind: 'voice_restored', why: decision.restoreVoice } });
    for (const message of messages) this.queue(checked, await watchOutboxItem(this.ctx, checked, message, now, this.alertChannel));
    return decision;
  }

  /**
   * The checks' outcomes and their messages, stored together; a sender someone changed meanwhile
   * keeps that change. A poll whose write fails stores nothing (its alerts are not sent): the
   * next poll checks those senders again and decides again from what is stored.
   */
  private async store(records: SenderRecord[], poll?: PollerState): Promise<void> {
    const now = this.ctx.clock.now();
    await commit(this.ctx, async () => ({
      also: async (tx) => {
        const stale = new Set(await tx.senders.saveAll(records));
        for (const record of records) {
          if (stale.has(record.id)) {
            this.ctx.logger.info('a sender changed while it was checked; it is checked again at the next poll', { id: record.id });
            continue;
          }
          for (const item of this.decided.get(record) ?? []) await tx.outbox.enqueue(item, now);
        }
        if (poll) await tx.poller.set(poll);
      },
    }));
  }

  private queue(record: SenderRecord, item: NewOutboxItem) {
    const items = this.decided.get(record) ?? [];
    items.push(item);
    this.decided.set(record, items);
  }

  /** A voice-only number gets its own voice settings back once the code is in, or after the longest forward. */
  private async restoreVoice(record: SenderRecord): Promise<boolean> {
    try {
      return await restoreVoiceConfig(this.ctx, record);
    } catch (error) {
      // Tried again at the next check.
      this.ctx.logger.warn('could not restore voice settings', { id: record.id, error: problemFrom(error).message });
      return false;
    }
  }
}
