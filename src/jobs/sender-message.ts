import { commit } from '../senders/commit.js';
import type { SendersContext } from '../senders/context.js';
import type { SenderRecord } from '../store/schema.js';
import type { OutboxDelivery } from './outbox.js';

/**
 * Shows the registration's message through the outbox: posted once (top-level in its channel,
 * in its bulk run's thread, or as a DM to the person who asked), then updated in place. The
 * outbox is kicked, so the message appears right away.
 */
export async function showSenderMessage(ctx: SendersContext, outbox: OutboxDelivery, record: SenderRecord, note?: string): Promise<void> {
  const [posting] = await ctx.store.outbox.find({ kind: 'post_sender_message', senderId: record.id });
  // Once its post is on its way the message is rendered: what changed since comes as an update.
  const posted = Boolean(record.slack?.ts || posting?.sendingAt);
  await commit(ctx, async () => ({
    messages: [
      posted
        ? { kind: 'refresh_sender_message', senderId: record.id, note }
        : { kind: 'post_sender_message', senderId: record.id, runId: record.bulk?.runId, note },
    ],
  }));
  outbox.kick();
}
