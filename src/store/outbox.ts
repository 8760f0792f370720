import { randomBytes } from 'node:crypto';
import type { Store } from './db.js';
import type { OutboxItem } from './schema.js';

export type NewOutboxItem = Omit<OutboxItem, 'id' | 'createdAt' | 'attempts'>;

/** Kinds rendered from the latest state when delivered. */
const RENDERED_LATE = new Set<OutboxItem['kind']>(['refresh_sender_message', 'refresh_bulk_progress', 'post_sender_message']);

/**
 * Adds a message to deliver. One waiting item of a kind rendered when delivered is enough: a new
 * one only brings its note to it. An item already being sent has been rendered; a new one queues.
 */
export function enqueue(store: Store, item: NewOutboxItem, now: number): void {
  const waiting = RENDERED_LATE.has(item.kind)
    ? store.data.outbox.find((o) => o.kind === item.kind && o.senderId === item.senderId && o.runId === item.runId && !o.sendingAt)
    : undefined;
  if (waiting) {
    if (item.note) waiting.note = item.note;
    return;
  }
  store.data.outbox.push({ id: randomBytes(8).toString('hex'), createdAt: new Date(now).toISOString(), attempts: 0, ...item });
}

export function removeFromOutbox(store: Store, id: string): void {
  const index = store.data.outbox.findIndex((o) => o.id === id);
  if (index >= 0) store.data.outbox.splice(index, 1);
}
