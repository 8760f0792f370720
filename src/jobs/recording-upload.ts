import type { WebClient } from '@slack/web-api';
import { callRecordingAudio } from '../senders/codes/call-recording.js';
import { commit } from '../senders/commit.js';
import type { SendersContext } from '../senders/context.js';
import { OUTBOX_TIMEOUT_MS } from '../slack/clients.js';
import { sendFileBytes } from '../slack/upload.js';
import type { OutboxItem, SenderRecord } from '../store/schema.js';
import { recordingComment } from '../views/voice-call-notes.js';
import { fileInfo, isSharedIn } from './results-upload.js';

/**
 * Shares the recording of Meta's call in the sender's thread once, for a person to listen to
 * when the bot was not sure of the code; the same three steps as a bulk run's results (the file
 * id stored before the share, looked up after a crash). The file is named after the registration
 * only: no number, no code. Nothing is posted once no code is wanted.
 */
export async function uploadRecordingOnce(ctx: SendersContext, client: WebClient, item: OutboxItem, record: SenderRecord): Promise<void> {
  const channel = record.slack?.channel;
  if (!channel || !item.recordingSid) return;
  const threadTs = record.slack?.threadTs ?? record.slack?.ts;
  if (item.fileId) {
    const info = await fileInfo(client, item.fileId);
    if (info && isSharedIn(info, channel)) return;
    if (info) return share(client, item.fileId, record, channel, threadTs);
    item.fileId = undefined;
  }
  const audio = await callRecordingAudio(ctx, record, item.recordingSid);
  if (!audio) return;
  const fileId = await sendFileBytes(client, `meta-call-${record.id}.mp3`, Buffer.from(audio), OUTBOX_TIMEOUT_MS);
  item.fileId = fileId;
  try {
    await commit(ctx, async () => ({ also: (tx) => tx.outbox.save(item) }));
  } catch (error) {
    if (item.fileId === fileId) item.fileId = undefined;
    throw error;
  }
  await share(client, fileId, record, channel, threadTs);
}

async function share(client: WebClient, fileId: string, record: SenderRecord, channel: string, threadTs: string | undefined): Promise<void> {
  const file = { id: fileId, title: `Meta's call to ${record.phoneNumber}` };
  const comment = recordingComment(record);
  await client.files.completeUploadExternal(
    threadTs
      ? { files: [file], channel_id: channel, thread_ts: threadTs, initial_comment: comment }
      : { files: [file], channel_id: channel, initial_comment: comment },
  );
}
