import type { WebClient } from '@slack/web-api';
import { resultsCsv } from '../senders/bulk/runs.js';
import { isUpdateRun, updateResultsCsv } from '../senders/bulk-update/update-runs.js';
import { commit } from '../senders/commit.js';
import type { SendersContext } from '../senders/context.js';
import { OUTBOX_TIMEOUT_MS } from '../slack/clients.js';
import { sendFileBytes } from '../slack/upload.js';
import type { BulkRun, OutboxItem } from '../store/schema.js';

const COMMENT = 'Results: one line per row of the file (row, number, sender SID, final status, error).';
const UPDATE_COMMENT = 'Results: one line per row of the file (row, sender SID, number, customer, result, fields changed, error).';

export interface FileInfo {
  channels?: string[];
  groups?: string[];
  ims?: string[];
  shares?: { public?: Record<string, unknown>; private?: Record<string, unknown> };
}

/**
 * Uploads a bulk run's results CSV once, in Slack's three steps: ask for an upload URL, send the
 * bytes, complete the upload (which shares the file in the run's thread). The file id is stored
 * in the item before completing; an item that has one, after a crash or a lost answer, is looked
 * up with files.info first: already shared means done; uploaded but not shared is completed; a
 * file Slack does not know is uploaded anew. One item never shares two files.
 */
export async function uploadResultsOnce(ctx: SendersContext, client: WebClient, item: OutboxItem, run: BulkRun): Promise<void> {
  if (item.fileId) {
    const info = await fileInfo(client, item.fileId);
    if (info && isSharedIn(info, run.channel)) return;
    if (info) return complete(client, item.fileId, run);
    item.fileId = undefined;
  }
  const csv = isUpdateRun(run) ? updateResultsCsv(run) : await resultsCsv(ctx, run);
  const bytes = Buffer.from(ctx.secrets.scrub(csv), 'utf8');
  const fileId = await sendFileBytes(client, `bulk-${isUpdateRun(run) ? 'update-' : ''}${run.id}-results.csv`, bytes, OUTBOX_TIMEOUT_MS);
  item.fileId = fileId;
  try {
    await commit(ctx, async () => ({ also: (tx) => tx.outbox.save(item) }));
  } catch (error) {
    if (item.fileId === fileId) item.fileId = undefined;
    throw error;
  }
  await complete(client, fileId, run);
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

/** What Slack knows of the file; undefined when it knows no such file. */
export async function fileInfo(client: WebClient, fileId: string): Promise<FileInfo | undefined> {
  try {
    return ((await client.files.info({ file: fileId })).file ?? {}) as FileInfo;
  } catch (error) {
    if ((error as { data?: { error?: string } }).data?.error === 'file_not_found') return undefined;
    throw error;
  }
}

export function isSharedIn(file: FileInfo, channel: string): boolean {
  const listed = [...(file.channels ?? []), ...(file.groups ?? []), ...(file.ims ?? [])];
  return listed.includes(channel) || Boolean(file.shares?.public?.[channel] ?? file.shares?.private?.[channel]);
}
