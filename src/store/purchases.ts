import type { Store } from './db.js';
import type { PendingPurchase } from './schema.js';

/** The purchase of this number into this account that went out without a known outcome. */
export function pendingPurchaseOf(store: Store, phoneNumber: string, accountSid: string): PendingPurchase | undefined {
  return store.data.pendingPurchases?.find((p) => p.phoneNumber === phoneNumber && p.accountSid === accountSid);
}

/** Purchases of this number into other accounts whose outcome is not known. */
export function pendingPurchasesElsewhere(store: Store, phoneNumber: string, accountSid: string): PendingPurchase[] {
  return (store.data.pendingPurchases ?? []).filter((p) => p.phoneNumber === phoneNumber && p.accountSid !== accountSid);
}

export function addPendingPurchase(store: Store, entry: PendingPurchase): void {
  store.data.pendingPurchases ??= [];
  store.data.pendingPurchases.push(entry);
}

export function dropPendingPurchase(store: Store, entry: PendingPurchase): void {
  store.data.pendingPurchases = (store.data.pendingPurchases ?? []).filter((p) => p !== entry);
}
