import type { OutboxItem } from '../store/schema.js';
import type { Remember } from './outbox-messages.js';

/** Meta's incidents in Slack: posted once, remembered on the customer, edited as they change. */
export async function deliverMetaItem(_item: OutboxItem): Promise<Remember | undefined> {
  return undefined;
}
