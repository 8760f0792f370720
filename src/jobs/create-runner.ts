import { iso } from '../clock.js';
import { bulkRecords } from '../senders/bulk.js';
import { isClaimed } from '../senders/claims.js';
import type { SendersContext } from '../senders/context.js';
import { nameGate, nameKey } from '../senders/name-first.js';
import { problemFrom } from '../senders/outcome.js';
import { mayCreateNow, nextCreateAt, takeCreateTurn } from '../senders/pacing.js';
import { sendQueued } from '../senders/registration.js';
import { enqueue, type NewOutboxItem } from '../store/outbox.js';
import type { BulkRun, SenderRecord } from '../store/schema.js';
import type { OutboxDelivery } from './outbox.js';
import { forEachLimited } from './pool.js';

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
 * account, display name first for bulk runs. One store write per round.
 */
export class CreateRunner {
  private running?: Promise<RunnerReport>;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly ctx: SendersContext,
    private readonly outbox: OutboxDelivery,
    private readonly options: { concurrency: number; idleCheckMs: number } = { concurrency: 10, idleCheckMs: 15_000 },
  ) {}

  /** Runs rounds on a timer: at the next account's turn, and at least every idleCheckMs. */
  start(): void {
    const loop = async () => {
      if (this.stopped) return;
      const report = await this.tick().catch((error) => {
        this.ctx.logger.error('create queue round failed', { error: problemFrom(error).message });
        return {} as RunnerReport;
      });
      if (this.stopped) return;
      const wait = report.nextAt !== undefined ? Math.min(Math.max(report.nextAt - this.ctx.clock.now(), 50), this.options.idleCheckMs) : this.options.idleCheckMs;
      this.timer = setTimeout(() => void loop(), wait);
    };
    void loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One round; a second call while one runs gets the running one. */
  tick(): Promise<RunnerReport> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async round(): Promise<RunnerReport> {
    const { store, clock } = this.ctx;
    const now = clock.now();
    const runs = new Map(store.data.bulkRuns.map((r) => [r.id, r]));
    const live = (r: SenderRecord) => r.state === 'queued' && !isClaimed(r.id) && (!r.bulk || runs.get(r.bulk.runId)?.state === 'running');
    const queued = store.data.senders.filter(live).sort((a, b) => (a.queuedAt ?? '').localeCompare(b.queuedAt ?? ''));
    const touchedRuns = new Set<string>();
    let failed = 0;

    const gate = nameGate(store.data.senders);
    for (const record of queued) {
      const run = record.bulk && runs.get(record.bulk.runId);
      if (!run?.nameFirst) continue;
      const rejectedOn = gate.rejected.get(nameKey(record));
      if (rejectedOn) {
        record.state = 'failed';
        record.lastError = { message: `Meta rejected the display name "${record.profile.name}" on ${rejectedOn.phoneNumber}; this row was not sent. Fix the name and register it again.` };
        record.updatedAt = iso(now);
        touchedRuns.add(run.id);
        failed += 1;
      }
    }

    const picks: SenderRecord[] = [];
    const busy = new Set<string>();
    let nextAt: number | undefined;
    for (const record of queued) {
      if (record.state !== 'queued' || busy.has(record.accountSid)) continue;
      if (!mayCreateNow(this.ctx, record.accountSid, now)) {
        busy.add(record.accountSid);
        const at = nextCreateAt(this.ctx, record.accountSid);
        nextAt = nextAt === undefined ? at : Math.min(nextAt, at);
        continue;
      }
      const run = record.bulk && runs.get(record.bulk.runId);
      if (run?.nameFirst && !gate.admit(record)) continue;
      busy.add(record.accountSid);
      takeCreateTurn(this.ctx, record.accountSid, now);
      record.state = 'creating';
      picks.push(record);
    }
    // Stored before the requests go out: after a crash, these are reconciled with Twilio
    // (adopted if Twilio has them) instead of being sent a second time.
    if (picks.length) await store.write();

    let sent = 0;
    await forEachLimited(picks, this.options.concurrency, async (record) => {
      const problem = await sendQueued(this.ctx, record);
      if (problem) failed += 1;
      else sent += 1;
      this.announce(record);
      if (record.bulk) touchedRuns.add(record.bulk.runId);
    });

    let finished = 0;
    for (const run of runs.values()) if (this.finishIfDone(run, now)) finished += 1;
    for (const id of touchedRuns) this.queue({ kind: 'refresh_bulk_progress', runId: id });
    if (picks.length || touchedRuns.size || finished) {
      await store.write();
      this.outbox.kick();
    }
    if (picks.length) nextAt = Math.min(nextAt ?? Infinity, now + this.ctx.settings.sendersMinIntervalMs);
    return { sent, failed, nextAt };
  }

  /** Tells Slack a queued record was sent: its own message, or a reply in its bulk thread when it needs a code. */
  private announce(record: SenderRecord) {
    if (!record.bulk) {
      this.queue({ kind: 'refresh_sender_message', senderId: record.id });
      return;
    }
    if (record.state === 'awaiting_code') this.queue({ kind: 'post_sender_message', senderId: record.id, runId: record.bulk.runId });
  }

  /**
   * A run ends when every row has settled: sent and ONLINE, failed, cancelled, waiting for a
   * person's code, or stuck OFFLINE with its alert out. Then its results CSV goes to the thread.
   */
  private finishIfDone(run: BulkRun, now: number): boolean {
    if (run.resultsQueuedAt || (run.state !== 'running' && run.state !== 'cancelled')) return false;
    if (!bulkRecords(this.ctx, run).every(settled)) return false;
    if (run.state === 'running') run.state = 'done';
    run.finishedAt ??= iso(now);
    run.resultsQueuedAt = iso(now);
    this.queue({ kind: 'refresh_bulk_progress', runId: run.id });
    this.queue({ kind: 'upload_results', runId: run.id });
    return true;
  }

  private queue(item: NewOutboxItem) {
    enqueue(this.ctx.store, item, this.ctx.clock.now());
  }
}
