import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { SendersContext } from '../senders/context.js';
import { incidentOf } from '../senders/meta/meta-incidents.js';
import type { OutboxItem } from '../store/schema.js';
import type { Remember } from './outbox-messages.js';

type Post = { channel: string; thread_ts?: string; reply_broadcast?: boolean; text: string; blocks: KnownBlock[] };

/** What delivering a Meta item needs of the outbox: its post-once (asks Slack first after a crash). */
export interface MetaDeliveryIo {
  ctx: SendersContext;
  client: WebClient;
  postOnce(item: OutboxItem, post: Post): Promise<{ channel?: string; ts?: string }>;
}

/** The channel a Meta item goes to: the one it was queued for (its incident's alert lives there). */
export const metaChannelOf = (item: OutboxItem): string | undefined => item.channel;

/**
 * Meta's incidents in Slack: an alert posted once and remembered on the customer, edits of it
 * (numbers, taken, resolved), reminders in its thread, and notes (the portfolio limit).
 */
export async function deliverMetaItem(io: MetaDeliveryIo, item: OutboxItem): Promise<Remember | undefined> {
  const channel = item.channel;
  const words = { text: item.text ?? '', blocks: (item.blocks ?? []) as KnownBlock[] };
  if (!channel) return;
  // A note about no one customer (the start's report of WABAs the bot could not reach).
  if (!item.customerId) {
    await io.postOnce(item, { channel, ...words });
    return;
  }
  const customer = await io.ctx.store.customers.get(item.customerId);
  if (!customer) return;
  const incident = item.metaIncidentId ? incidentOf(customer.meta?.incidents, item.metaIncidentId) : undefined;
  // Edits and reminders queue behind their alert's post in one channel, so its message is known by now;
  // an alert that could not be posted at all has nothing to edit.
  if (item.kind === 'meta_alert_update') {
    if (!incident?.ts || !incident.channel) return;
    await io.client.chat.update({ channel: incident.channel, ts: incident.ts, ...words });
    return;
  }
  if (item.threadOf === 'meta_incident') {
    if (!incident?.ts || !incident.channel) return;
    await io.postOnce(item, { channel: incident.channel, thread_ts: incident.ts, reply_broadcast: Boolean(item.broadcast), ...words });
    return;
  }
  const posted = await io.postOnce(item, { channel, ...words });
  if (!item.metaIncidentId) return;
  const id = item.metaIncidentId;
  return async (tx) => {
    const stored = await tx.customers.get(customer.id);
    const alert = stored && incidentOf(stored.meta?.incidents, id);
    if (!stored || !alert) return;
    alert.channel = posted.channel ?? channel;
    alert.ts = posted.ts;
    await tx.customers.save(stored);
  };
}
