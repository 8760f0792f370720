import { iso } from '../clock.js';
import { forEachLimited } from '../concurrency.js';
import { nameGate, nameKey } from '../senders/bulk/name-first.js';
import { bulkRecords } from '../senders/bulk/runs.js';
import { registrationKey } from '../senders/claims.js';
import { commit, storeUnlessChanged } from '../senders/commit.js';
import type { SendersContext } from '../senders/context.js';
import { problemFrom } from '../senders/outcome.js';
import { mayCreateNow, nextCreateAt, takeCreateTurn } from '../senders/registration/pacing.js';
import { markCreateSent, sendRegistration } from '../senders/registration/registration.js';
import { reconcileUncertainCreates } from '../senders/registration/uncertain-creates.js';
import { type NewOutboxItem, StaleRecordError } from '../store/repositories.js';
import type { BulkRun, SenderRecord } from '../store/schema.js';
import { StorageError } from '../store/storage-error.js';
import { finishRun } from './finish-run.js';
import type { OutboxDelivery } from './outbox.js';
import { UpdateQueue } from './update-queue.js';

/**
 * A pick that did not go out could not be stored back as queued: it stays stored as sent
 * (`creating`), and the unconfirmed-create check, finding nothing at Twilio, queues it again.
 */
const leftForTheCheck = (error: unknown): boolean => {
  if (error instanceof StorageError) return false;
  throw error;
};

const settled = (r: SenderRecord): boolean =>
  r.state === 'online' ||
  r.state === 'failed' ||
  r.state === 'abandoned' ||
  r.state === 'awaiting_code' ||
  (r.status === 'OFFLINE' && Boolean(r.watch?.stuckAlert && !r.watch.stuckAlert.recoveredAt));

export interface RunnerReport {
  sent: number;
  failed: number;
  /** When the next queued record may go, if any is waiting on the pace. */
  nextAt?: number;
}

/**
 * Serves the create queue (single registrations that had to wait, and bulk rows): at most one
 * sender-creating request per account per interval, accounts in parallel, file order within an
 * account, display name first for bulk runs. The picks of a round are stored as sent together.
 */
export class CreateRunner {
  private running?: Promise<RunnerReport>;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly ctx: SendersContext,
    private readonly outbox: OutboxDelivery,
    private readonly options: { concurrency: number; idleCheckMs: number } = { concurrency: 10, idleCheckMs: 15_000 },
  ) {
    this.updates = new UpdateQueue(ctx, () => outbox.kick());
  }

  /** Bulk update rows share the accounts' turns; they go after the creates of the same round. */
  private readonly updates: UpdateQueue;

  /** Runs rounds on a timer: at the next account's turn, and at least every idleCheckMs. */
  start(): void {
    const loop = async () => {
      if (this.stopped) return;
      const report = await this.tick().catch((error) => {
        // A store that cannot be written is the store's alert; the round is decided again next time.
        if (!(error instanceof StorageError)) this.ctx.logger.error('create queue round failed', { error: problemFrom(error).message });
        return {} as RunnerReport;
      });
      if (this.stopped) return;
      const wait =
        report.nextAt !== undefined ? Math.min(Math.max(report.nextAt - this.ctx.clock.now(), 50), this.options.idleCheckMs) : this.options.idleCheckMs;
      this.timer = setTimeout(() => void loop(), wait);
    };
    void loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }

  /** One round; a second call while one runs gets the running one. */
  tick(): Promise<RunnerReport> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async round(): Promise<RunnerReport> {
    const report = await this.createRound();
    if (this.stopped) return report;
    const updates = await this.updates.round();
    const nextAt = [report.nextAt, updates.nextAt].filter((at) => at !== undefined);
    return { ...report, sent: report.sent + updates.settled, nextAt: nextAt.length ? Math.min(...nextAt) : undefined };
  }

  private async createRound(): Promise<RunnerReport> {
    const { store, clock } = this.ctx;
    if (this.stopped) return { sent: 0, failed: 0 };
    const reconciled = await reconcileUncertainCreates(this.ctx);
    for (const record of [...reconciled.adopted, ...reconciled.requeued]) await this.announce(record);
    const now = clock.now();
    // Only the runs a round acts on (rows of running runs go; running and cancelled runs may finish): not every preview's rows.
    const runs = new Map((await store.bulkRuns.inStates(['running', 'cancelled'])).filter((r) => !r.kind).map((r) => [r.id, r]));
    const live = (r: SenderRecord) => !this.ctx.inProcess.has(registrationKey(r.id)) && (!r.bulk || runs.get(r.bulk.runId)?.state === 'running');
    const queued = (await store.senders.queued()).filter(live);
    const touchedRuns = new Set<string>();
    let failed = 0;

    const nameFirst = (record: SenderRecord) => Boolean(record.bulk && runs.get(record.bulk.runId)?.nameFirst);
    // The gate weighs the senders that bear the names of the rows waiting, whatever their account.
    const names = [...new Set(queued.filter(nameFirst).map(nameKey))];
    const gate = names.length ? nameGate(await store.senders.withNames(names)) : undefined;
    for (const record of queued) {
      if (!gate || !nameFirst(record)) continue;
      const rejectedOn = gate.rejected.get(nameKey(record));
      if (rejectedOn) {
        record.state = 'failed';
        record.lastError = {
          message: `Meta rejected the display name "${record.profile.name}" on ${rejectedOn.phoneNumber}; this row was not sent. Fix the name and register it again.`,
        };
        record.updatedAt = iso(now);
        if (!(await storeUnlessChanged(this.ctx, record))) continue;
        touchedRuns.add(record.bulk!.runId);
        failed += 1;
      }
    }

    let picks: SenderRecord[] = [];
    const busy = new Set<string>();
    let nextAt: number | undefined;
    for (const record of queued) {
      if (record.state !== 'queued' || busy.has(record.accountSid)) continue;
      if (!(await mayCreateNow(this.ctx, record.accountSid, now))) {
        busy.add(record.accountSid);
        const at = await nextCreateAt(this.ctx, record.accountSid, now);
        nextAt = nextAt === undefined ? at : Math.min(nextAt, at);
        continue;
      }
      if (gate && nameFirst(record) && !gate.admit(record)) continue;
      busy.add(record.accountSid);
      picks.push(record);
    }
    // Stored before the requests go out: after a crash, these are reconciled with Twilio
    // (adopted if Twilio has them) instead of being sent a second time. While the store cannot
    // be written nothing goes out; the picks wait in the queue.
    if (picks.length) {
      for (const record of picks) this.ctx.inProcess.take(registrationKey(record.id));
      const chosen = picks;
      const taken = await commit(
        this.ctx,
        async () => ({
          also: async (tx) => {
            const turns: SenderRecord[] = [];
            for (const record of chosen) {
              const pace = await tx.accounts.pace(record.accountSid, now);
              // Another process may have had the account's turn since it was looked at. The turn is
              // timed now, as the request is about to leave, not when the round began.
              if (!(await takeCreateTurn(this.ctx, record.accountSid, clock.now(), tx))) continue;
              markCreateSent(record, now);
              // A record changed since it was read (cancelled, say) is left for the next round, and its turn given back.
              if ((await tx.senders.saveAll([record])).length) {
                await tx.accounts.setPace(record.accountSid, pace);
                continue;
              }
              turns.push(record);
            }
            return turns;
          },
        }),
        { attempts: 1 },
      ).catch((error: unknown) => {
        // Nothing was stored as sent: nothing goes out, the picks wait in the queue for the next round.
        if (!(error instanceof StorageError) && !(error instanceof StaleRecordError)) throw error;
        return undefined;
      });
      for (const record of picks) {
        if (taken?.includes(record)) continue;
        record.state = 'queued';
        record.pendingCreate = undefined;
        this.ctx.inProcess.release(registrationKey(record.id));
      }
      if (!taken) return { sent: 0, failed };
      picks = taken;
    }

    let sent = 0;
    const unsent: SenderRecord[] = [];
    await forEachLimited(picks, this.options.concurrency, async (record) => {
      if (this.stopped) {
        unsent.push(record);
        return;
      }
      let stored: SenderRecord | undefined;
      try {
        // Each outcome is stored as it comes, with its announcement: a stop or a crash mid-round
        // keeps the SIDs already known, and every stored outcome has its message queued.
        const outcome = await sendRegistration(this.ctx, record, { from: 'queue', messages: (r) => this.announcement(r) });
        if (outcome.kind === 'failed' || (outcome.kind === 'unrecorded' && !outcome.sent)) failed += 1;
        else if (outcome.kind !== 'requeued') sent += 1;
        // Back in the queue unsent: stored so when the store takes it (else the unconfirmed-create check queues it again).
        if (outcome.kind === 'requeued') await storeUnlessChanged(this.ctx, record).catch(leftForTheCheck);
        if (outcome.kind !== 'unrecorded' && outcome.kind !== 'requeued' && 'record' in outcome) stored = outcome.record;
      } finally {
        this.ctx.inProcess.release(registrationKey(record.id));
      }
      if (stored?.bulk) touchedRuns.add(stored.bulk.runId);
    });
    // Stopping: the picks not yet sent go back to the queue as they were.
    for (const record of unsent) {
      record.state = 'queued';
      record.pendingCreate = undefined;
      try {
        await storeUnlessChanged(this.ctx, record).catch(leftForTheCheck);
      } finally {
        this.ctx.inProcess.release(registrationKey(record.id));
      }
    }

    let finished = 0;
    for (const run of runs.values()) if (await this.finishIfDone(run, now)) finished += 1;
    for (const id of touchedRuns) await this.queue({ kind: 'refresh_bulk_progress', runId: id });
    if (picks.length || touchedRuns.size || finished) this.outbox.kick();
    if (picks.length) nextAt = Math.min(nextAt ?? Infinity, now + this.ctx.settings.sendersMinIntervalMs);
    if (reconciled.nextAt !== undefined) nextAt = Math.min(nextAt ?? Infinity, reconciled.nextAt);
    if (reconciled.adopted.length || reconciled.requeued.length) this.outbox.kick();
    return { sent, failed, nextAt };
  }

  /** Tells Slack a queued record was sent: its own message, or a reply in its bulk thread when it needs a code. */
  private async announce(record: SenderRecord): Promise<void> {
    for (const item of this.announcement(record)) await this.queue(item);
  }

  private announcement(record: SenderRecord): NewOutboxItem[] {
    if (!record.bulk) return [{ kind: 'refresh_sender_message', senderId: record.id }];
    if (record.state === 'awaiting_code') return [{ kind: 'post_sender_message', senderId: record.id, runId: record.bulk.runId }];
    return [];
  }

  /**
   * A run ends when every row has settled: sent and ONLINE, failed, cancelled, waiting for a
   * person's code, or stuck OFFLINE with its alert out. Then its results CSV goes to the thread.
   */
  private async finishIfDone(listed: BulkRun, now: number): Promise<boolean> {
    if (listed.resultsQueuedAt || (listed.state !== 'running' && listed.state !== 'cancelled')) return false;
    // Read again: a person may have paused or cancelled it during the round.
    const run = await this.ctx.store.bulkRuns.get(listed.id);
    if (!run || run.resultsQueuedAt || (run.state !== 'running' && run.state !== 'cancelled')) return false;
    if (!(await bulkRecords(this.ctx, run)).every(settled)) return false;
    return finishRun(this.ctx, run, now);
  }

  private async queue(item: NewOutboxItem): Promise<void> {
    await commit(this.ctx, async () => ({ messages: [item] }));
  }
}
