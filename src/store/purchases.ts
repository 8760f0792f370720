import type { Store } from './db.js';
import type { PendingPurchase } from './schema.js';

export function pendingPurchaseOf(store: Store, phoneNumber: string): PendingPurchase | undefined {
  return store.data.pendingPurchases?.find((p) => p.phoneNumber === phoneNumber);
}

export function addPendingPurchase(store: Store, entry: PendingPurchase): void {
  store.data.pendingPurchases ??= [];
  store.data.pendingPurchases.push(entry);
}

export function dropPendingPurchase(store: Store, entry: PendingPurchase): void {
  store.data.pendingPurchases = (store.data.pendingPurchases ?? []).filter((p) => p !== entry);
}
