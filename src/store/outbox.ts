import { randomBytes } from 'node:crypto';
import type { OutboxItem } from './schema.js';
import type { Store } from './db.js';

export type NewOutboxItem = Omit<OutboxItem, 'id' | 'createdAt' | 'attempts'>;

const REFRESHES = new Set<OutboxItem['kind']>(['refresh_sender_message', 'refresh_bulk_progress']);

/** Adds a message to deliver. A refresh renders the latest state when delivered, so one waiting is enough. */
export function enqueue(store: Store, item: NewOutboxItem, now: number): void {
  if (REFRESHES.has(item.kind) && store.data.outbox.some((o) => o.kind === item.kind && o.senderId === item.senderId && o.runId === item.runId)) return;
  store.data.outbox.push({ id: randomBytes(8).toString('hex'), createdAt: new Date(now).toISOString(), attempts: 0, ...item });
}

export function removeFromOutbox(store: Store, id: string): void {
  const index = store.data.outbox.findIndex((o) => o.id === id);
  if (index >= 0) store.data.outbox.splice(index, 1);
}
