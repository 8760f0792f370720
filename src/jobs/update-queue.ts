import { forEachLimited } from '../concurrency.js';
import { type SenderUpdates, sendUpdateRow, twilioSenderUpdates } from '../senders/bulk-update/send-row.js';
import { FINAL_ROW_STATES, isUpdateRun, updateRows } from '../senders/bulk-update/update-runs.js';
import { commit } from '../senders/commit.js';
import type { SendersContext } from '../senders/context.js';
import { mayCreateNow, nextCreateAt } from '../senders/registration/pacing.js';
import type { BulkRun } from '../store/schema.js';
import { StorageError } from '../store/storage-error.js';
import { finishRun } from './finish-run.js';

/** Rows one account may go through in a round while Twilio already holds their values (no request, no turn). */
const MAX_ROWS_PER_ACCOUNT_ROUND = 100;

export interface UpdateRoundReport {
  settled: number;
  nextAt?: number;
}

/**
 * Serves the rows of bulk update runs: per account, in file order, at most one update request
 * per interval, sharing the account's turn with sender creates (the same Senders API pace).
 * A paused run's queued rows wait; a row already `sending` (its answer lost) is finished first.
 */
export class UpdateQueue {
  constructor(
    private readonly ctx: SendersContext,
    private readonly kick: () => void,
    private readonly twilio: SenderUpdates = twilioSenderUpdates(ctx),
    private readonly concurrency = 10,
  ) {}

  async round(): Promise<UpdateRoundReport> {
    const now = this.ctx.clock.now();
    // A cancelled run whose results are out has nothing left to do.
    const runs = (await this.ctx.store.bulkRuns.inStates(['running', 'paused', 'cancelled'])).filter((r) => isUpdateRun(r) && !r.resultsQueuedAt);
    if (runs.length === 0) return { settled: 0 };
    const lanes = new Map<string, { run: BulkRun; line: number }[]>();
    for (const run of runs)
      for (const row of updateRows(run)) {
        const open = row.state === 'sending' || (row.state === 'queued' && run.state === 'running');
        if (open) lanes.set(row.accountSid, [...(lanes.get(row.accountSid) ?? []), { run, line: row.line }]);
      }
    let settled = 0;
    let nextAt: number | undefined;
    const later = (at: number) => {
      nextAt = nextAt === undefined ? at : Math.min(nextAt, at);
    };
    const touched = new Set<string>();
    // A lane that fails ends alone: the round waits for every other lane before the next one starts.
    const lane = async (accountSid: string, rows: { run: BulkRun; line: number }[]) => {
      for (const { run, line } of rows.slice(0, MAX_ROWS_PER_ACCOUNT_ROUND)) {
        if (!(await mayCreateNow(this.ctx, accountSid, this.ctx.clock.now()))) {
          later(await nextCreateAt(this.ctx, accountSid, this.ctx.clock.now()));
          return;
        }
        const outcome = await sendUpdateRow(this.ctx, run, line, this.twilio).catch((error: unknown) => {
          // Nothing stored, so nothing sent for it: the row is looked at again next round.
          if (error instanceof StorageError) return 'not_taken' as const;
          throw error;
        });
        if (outcome !== 'not_taken') touched.add(run.id);
        if (outcome === 'updated' || outcome === 'unchanged' || outcome === 'failed') settled += 1;
        if (outcome === 'waiting' || outcome === 'not_taken') {
          later(now + this.ctx.settings.sendersMinIntervalMs);
          return;
        }
      }
    };
    await forEachLimited([...lanes], this.concurrency, async ([accountSid, rows]) => {
      await lane(accountSid, rows).catch((error: unknown) => {
        this.ctx.logger.warn('a bulk update lane failed; its rows are looked at again next round', { accountSid, error: String(error) });
        later(now + this.ctx.settings.sendersMinIntervalMs);
      });
    });
    for (const run of runs) if (await this.finishIfDone(run.id, now)) touched.add(run.id);
    for (const id of touched) await commit(this.ctx, async () => ({ messages: [{ kind: 'refresh_bulk_progress', runId: id }] }));
    if (touched.size) this.kick();
    return { settled, nextAt };
  }

  /** A run ends once every row is updated, unchanged, failed or cancelled: then its results CSV goes to the thread. */
  private async finishIfDone(runId: string, now: number): Promise<boolean> {
    const run = await this.ctx.store.bulkRuns.get(runId);
    if (!run || run.resultsQueuedAt || (run.state !== 'running' && run.state !== 'cancelled')) return false;
    if (!updateRows(run).every((row) => FINAL_ROW_STATES.has(row.state))) return false;
    return finishRun(this.ctx, run, now);
  }
}
