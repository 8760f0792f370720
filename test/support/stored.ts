import type { Store } from '../../src/store/repositories.js';

/**
 * Everything the store holds, read through its repositories: what tests look at after the bot
 * acted, on either store. Copies: changing them changes nothing stored.
 */
export async function stored(from: Store | { bot: { store: Store } }) {
  const store = 'bot' in from ? from.bot.store : from;
  return {
    senders: await store.senders.list(),
    customers: await store.customers.list(),
    bulkRuns: await store.bulkRuns.list(),
    outbox: await store.outbox.waiting(),
    undelivered: await store.outbox.undelivered(),
    audit: await store.audit.recent(Number.MAX_SAFE_INTEGER),
    accountWabas: await store.accounts.wabas(),
    channelBindings: await store.channelBindings.list(),
    poller: await store.poller.get(),
    pendingSubaccounts: await store.pendingSubaccounts.list(),
    pendingPurchases: await store.pendingPurchases.list(),
    onboardings: await store.onboardings.list(),
  };
}
