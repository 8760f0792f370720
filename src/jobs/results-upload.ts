import type { WebClient } from '@slack/web-api';
import { resultsCsv } from '../senders/bulk/runs.js';
import { isUpdateRun, updateResultsCsv } from '../senders/bulk-update/update-runs.js';
import type { SendersContext } from '../senders/context.js';
import type { BulkRun, OutboxItem } from '../store/schema.js';
import { shareFileOnce } from './share-file-once.js';

const COMMENT = 'Results: one line per row of the file (row, number, sender SID, final status, error).';
const UPDATE_COMMENT = 'Results: one line per row of the file (row, sender SID, number, customer, result, fields changed, error).';

/** Shares a bulk run's results CSV once, in the run's thread. */
export async function uploadResultsOnce(ctx: SendersContext, client: WebClient, item: OutboxItem, run: BulkRun): Promise<void> {
  await shareFileOnce(ctx, client, item, {
    name: `bulk-${isUpdateRun(run) ? 'update-' : ''}${run.id}-results.csv`,
    channel: run.channel,
    bytes: async () => Buffer.from(ctx.secrets.scrub(isUpdateRun(run) ? updateResultsCsv(run) : await resultsCsv(ctx, run)), 'utf8'),
    share: (fileId) => complete(client, fileId, run),
  });
}

async function complete(client: WebClient, fileId: string, run: BulkRun): Promise<void> {
  const file = { id: fileId, title: `Bulk ${isUpdateRun(run) ? 'update' : 'registration'} ${run.id}: results` };
  const comment = isUpdateRun(run) ? UPDATE_COMMENT : COMMENT;
  await client.files.completeUploadExternal(
    run.progressTs
      ? { files: [file], channel_id: run.channel, thread_ts: run.progressTs, initial_comment: comment }
      : { files: [file], channel_id: run.channel, initial_comment: comment },
  );
}
