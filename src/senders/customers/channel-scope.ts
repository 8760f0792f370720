import type { Store } from '../../store/db.js';
import type { Customer, SenderRecord } from '../../store/schema.js';

/**
 * A channel bound to one customer (a Slack Connect channel shared with that customer) sees
 * and acts on that customer's senders only. Unbound channels see everything.
 */
export interface ChannelScope {
  customer?: Customer;
  allows(accountSid: string): boolean;
}

export function scopeOf(store: Store, channelId: string | undefined): ChannelScope {
  const customerId = channelId ? store.data.channelBindings[channelId] : undefined;
  const customer = customerId ? store.data.customers.find((c) => c.id === customerId) : undefined;
  if (customerId && !customer) return { allows: () => false };
  return { customer, allows: (accountSid) => !customer || customer.accountSid === accountSid };
}

export const UNBOUND: ChannelScope = { allows: () => true };

export const visibleIn = (scope: ChannelScope, records: SenderRecord[]): SenderRecord[] => records.filter((r) => scope.allows(r.accountSid));

export const OUT_OF_SCOPE = 'This channel is bound to one customer; that sender is not theirs, or is unknown.';

/** The customers a channel may see: its own when bound, every one otherwise. */
export const customersIn = (scope: ChannelScope, store: Store): Customer[] => (scope.customer ? [scope.customer] : store.data.customers);
