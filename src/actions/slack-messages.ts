import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../app-deps.js';
import { customerNameFor } from '../senders/customers.js';
import type { SenderRecord } from '../store/schema.js';
import { senderMessage } from '../views/sender-message.js';

/** Posts the registration's channel message, or updates it in place when it exists. */
export async function showSenderMessage(client: WebClient, deps: AppDeps, record: SenderRecord, note?: string): Promise<void> {
  const message = senderMessage(record, customerNameFor(deps.senders, record.accountSid), note);
  try {
    if (record.slack?.ts) {
      await client.chat.update({ channel: record.slack.channel, ts: record.slack.ts, text: message.text, blocks: message.blocks });
      return;
    }
    const channel = record.slack?.channel || record.requestedBy;
    const posted = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
    record.slack = { channel: posted.channel ?? channel, ts: posted.ts };
    await deps.senders.store.write();
  } catch (error) {
    deps.logger.warn('could not show the sender message in Slack', { id: record.id, error: (error as Error).message });
  }
}
