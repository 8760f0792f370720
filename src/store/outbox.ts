import type { OutboxItem } from './schema.js';
import type { Store } from './db.js';

export function enqueue(store: Store, item: OutboxItem): void {
  if (item.kind === 'refresh_sender_message' && store.data.outbox.some((o) => o.kind === item.kind && o.senderId === item.senderId)) return;
  store.data.outbox.push(item);
}

export function removeFromOutbox(store: Store, id: string): void {
  const index = store.data.outbox.findIndex((o) => o.id === id);
  if (index >= 0) store.data.outbox.splice(index, 1);
}
