import type { NewOutboxItem } from '../repositories.js';
import type { OutboxItem } from '../schema.js';

/**
 * Kinds rendered from the latest state when delivered: one waiting item of each (per sender and
 * run) is enough. PostgreSQL's partial unique index outbox_one_waiting_render names the same
 * kinds (migrations/0001_collections.sql; a migration changes them there).
 */
export const RENDERED_LATE: readonly OutboxItem['kind'][] = ['refresh_sender_message', 'refresh_bulk_progress', 'post_sender_message'];

/** Whether a new item joins `waiting` instead of being added (OutboxRepository.enqueue). */
export const joins = (item: NewOutboxItem, waiting: OutboxItem): boolean =>
  RENDERED_LATE.includes(item.kind) &&
  waiting.kind === item.kind &&
  (waiting.senderId ?? '') === (item.senderId ?? '') &&
  (waiting.runId ?? '') === (item.runId ?? '') &&
  !waiting.sendingAt;
