import type { SendersContext } from '../senders/context.js';
import type { SenderRecord } from '../store/schema.js';
import { ignoreStorageError } from '../store/storage-error.js';
import type { OutboxDelivery } from './outbox.js';

/**
 * Shows the registration's message through the outbox: posted once (top-level in its channel,
 * in its bulk run's thread, or as a DM to the person who asked), then updated in place. The
 * outbox is kicked, so the message appears right away.
 */
export async function showSenderMessage(ctx: SendersContext, outbox: OutboxDelivery, record: SenderRecord, note?: string): Promise<void> {
  const { store, clock } = ctx;
  const [posting] = await store.outbox.find({ kind: 'post_sender_message', senderId: record.id });
  // Once its post is on its way the message is rendered: what changed since comes as an update.
  const posted = Boolean(record.slack?.ts || posting?.sendingAt);
  // A failed write is retried by the store, which raises its alert; the outbox goes on once it can write.
  await store.outbox
    .enqueue(
      posted
        ? { kind: 'refresh_sender_message', senderId: record.id, note }
        : { kind: 'post_sender_message', senderId: record.id, runId: record.bulk?.runId, note },
      clock.now(),
    )
    .catch(ignoreStorageError);
  outbox.kick();
}
