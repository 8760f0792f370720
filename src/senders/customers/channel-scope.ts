import type { Reads } from '../../store/repositories.js';
import type { Customer, SenderRecord } from '../../store/schema.js';

/**
 * A channel bound to one customer (a Slack Connect channel shared with that customer) sees
 * and acts on that customer's senders only. Unbound channels see everything.
 */
export interface ChannelScope {
  customer?: Customer;
  allows(accountSid: string): boolean;
}

export async function scopeOf(store: Reads, channelId: string | undefined): Promise<ChannelScope> {
  const customerId = channelId ? await store.channelBindings.get(channelId) : undefined;
  const customer = customerId ? await store.customers.get(customerId) : undefined;
  if (customerId && !customer) return { allows: () => false };
  return { customer, allows: (accountSid) => !customer || customer.accountSid === accountSid };
}

export const UNBOUND: ChannelScope = { allows: () => true };

export const visibleIn = (scope: ChannelScope, records: SenderRecord[]): SenderRecord[] => records.filter((r) => scope.allows(r.accountSid));

export const OUT_OF_SCOPE = 'This channel is bound to one customer; that sender is not theirs, or is unknown.';

/** The customers a channel may see: its own when bound, every one otherwise. */
export const customersIn = async (scope: ChannelScope, store: Reads): Promise<Customer[]> => (scope.customer ? [scope.customer] : store.customers.list());
