import type { WebClient } from '@slack/web-api';

/**
 * The first two of Slack's three upload steps: ask for an upload URL, send the bytes. Returns the
 * new file's id; the file is shared by completing the upload (files.completeUploadExternal).
 */
export async function sendFileBytes(client: WebClient, filename: string, bytes: Buffer<ArrayBuffer>, timeoutMs: number): Promise<string> {
  const target = await client.files.getUploadURLExternal({ filename, length: bytes.length });
  if (!target.upload_url || !target.file_id) throw new Error(`Slack gave no upload URL for ${filename}`);
  const sent = await fetch(target.upload_url, { method: 'POST', body: bytes, signal: AbortSignal.timeout(timeoutMs) });
  if (!sent.ok) throw new Error(`Slack answered HTTP ${sent.status} to the bytes of ${filename}`);
  return target.file_id;
}

export interface FileToShare {
  filename: string;
  title: string;
  bytes: Buffer<ArrayBuffer>;
  channel: string;
  comment: string;
  /** How long sending the bytes may take. */
  timeoutMs: number;
}

/** Uploads a file and shares it in a channel, in Slack's three steps. */
export async function uploadAndShare(client: WebClient, file: FileToShare): Promise<void> {
  const id = await sendFileBytes(client, file.filename, file.bytes, file.timeoutMs);
  await client.files.completeUploadExternal({ files: [{ id, title: file.title }], channel_id: file.channel, initial_comment: file.comment });
}

/** Slack's error string for a failed Web API call (`not_in_channel`, `channel_not_found`, …). */
export const slackErrorOf = (error: unknown): string | undefined => (error as { data?: { error?: unknown } })?.data?.error as string | undefined;
