import { iso } from '../clock.js';
import { commit, unlessStale } from '../senders/commit.js';
import type { SendersContext } from '../senders/context.js';
import type { BulkRun } from '../store/schema.js';

/**
 * Ends a run whose rows are all settled: done (unless cancelled), its progress shown once more
 * and its results CSV queued. False when the run changed meanwhile (paused, cancelled): it is
 * looked at again next round.
 */
export function finishRun(ctx: SendersContext, run: BulkRun, now: number): Promise<boolean> {
  if (run.state === 'running') run.state = 'done';
  run.finishedAt ??= iso(now);
  run.resultsQueuedAt = iso(now);
  return commit(
    ctx,
    async () => ({
      bulkRuns: [run],
      messages: [
        { kind: 'refresh_bulk_progress', runId: run.id },
        { kind: 'upload_results', runId: run.id },
      ],
      result: true,
    }),
    { attempts: 1 },
  ).catch(unlessStale(false));
}
