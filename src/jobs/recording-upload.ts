import type { WebClient } from '@slack/web-api';
import { callRecordingAudio } from '../senders/codes/call-recording.js';
import type { SendersContext } from '../senders/context.js';
import type { OutboxItem, SenderRecord } from '../store/schema.js';
import { recordingComment } from '../views/voice-call-notes.js';
import { shareFileOnce } from './share-file-once.js';

/**
 * Shares the recording of Meta's call in the sender's thread once, for a person to listen to
 * when the bot was not sure of the code. The file is named after the registration only: no
 * number, no code. Nothing is posted once no code is wanted.
 */
export async function uploadRecordingOnce(ctx: SendersContext, client: WebClient, item: OutboxItem, record: SenderRecord): Promise<void> {
  const channel = record.slack?.channel;
  const recordingSid = item.recordingSid;
  if (!channel || !recordingSid) return;
  const threadTs = record.slack?.threadTs ?? record.slack?.ts;
  await shareFileOnce(ctx, client, item, {
    name: `meta-call-${record.id}.mp3`,
    channel,
    bytes: async () => {
      const audio = await callRecordingAudio(ctx, record, recordingSid);
      return audio ? Buffer.from(audio) : undefined;
    },
    share: (fileId) => share(client, fileId, record, channel, threadTs),
  });
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
