import type { WebClient } from '@slack/web-api';
import { commit } from '../senders/commit.js';
import type { SendersContext } from '../senders/context.js';
import { OUTBOX_TIMEOUT_MS } from '../slack/clients.js';
import { sendFileBytes } from '../slack/upload.js';
import type { OutboxItem } from '../store/schema.js';

interface FileInfo {
  channels?: string[];
  groups?: string[];
  ims?: string[];
  shares?: { public?: Record<string, unknown>; private?: Record<string, unknown> };
}

export interface FileToShare {
  name: string;
  /** Where the share puts it: a file listed there is already shared. */
  channel: string;
  /** The bytes, read only when the file must be uploaded; undefined: nothing to upload any more. */
  bytes: () => Promise<Buffer<ArrayBuffer> | undefined>;
  /** Completes the upload, which shares the file in its channel or thread. */
  share: (fileId: string) => Promise<void>;
}

/**
 * Shares a file once, in Slack's three steps: ask for an upload URL, send the bytes, complete the
 * upload. The file id is stored in the outbox item before completing; an item that has one, after
 * a crash or a lost answer, is looked up with files.info first: already shared means done;
 * uploaded but not shared is completed; a file Slack does not know is uploaded anew. One item
 * never shares two files.
 */
export async function shareFileOnce(ctx: SendersContext, client: WebClient, item: OutboxItem, file: FileToShare): Promise<void> {
  if (item.fileId) {
    const info = await fileInfo(client, item.fileId);
    if (info && isSharedIn(info, file.channel)) return;
    if (info) return file.share(item.fileId);
    item.fileId = undefined;
  }
  const bytes = await file.bytes();
  if (!bytes) return;
  const fileId = await sendFileBytes(client, file.name, bytes, OUTBOX_TIMEOUT_MS);
  item.fileId = fileId;
  try {
    await commit(ctx, async () => ({ also: (tx) => tx.outbox.save(item) }));
  } catch (error) {
    if (item.fileId === fileId) item.fileId = undefined;
    throw error;
  }
  await file.share(fileId);
}

/** What Slack knows of the file; undefined when it knows no such file. */
async function fileInfo(client: WebClient, fileId: string): Promise<FileInfo | undefined> {
  try {
    return ((await client.files.info({ file: fileId })).file ?? {}) as FileInfo;
  } catch (error) {
    if ((error as { data?: { error?: string } }).data?.error === 'file_not_found') return undefined;
    throw error;
  }
}

function isSharedIn(file: FileInfo, channel: string): boolean {
  const listed = [...(file.channels ?? []), ...(file.groups ?? []), ...(file.ims ?? [])];
  return listed.includes(channel) || Boolean(file.shares?.public?.[channel] ?? file.shares?.private?.[channel]);
}
