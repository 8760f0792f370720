import type { Store } from './db.js';
import type { SenderRecord } from './schema.js';

export interface SenderTally {
  /** Twilio's status (`none` before the create has an answer) and quality rating (`unknown` until Twilio gives one). */
  byStatus: Map<string, { status: string; quality: string; count: number }>;
  /** The bot's own registration state. */
  byState: Map<string, number>;
}

export interface AccountQueue {
  accountSid: string;
  depth: number;
  /** When the longest-waiting create joined the queue. */
  oldestQueuedAt: number;
}

export interface OutboxBacklog {
  waiting: number;
  /** When the oldest waiting Slack message was stored; undefined when none waits. */
  oldestAt?: number;
  /** Messages Slack refused every time, kept aside. */
  undelivered: number;
}

/** Senders counted by status and quality, and by registration state: one pass, nothing copied. */
export function tallySenders(store: Store): SenderTally {
  const byStatus = new Map<string, { status: string; quality: string; count: number }>();
  const byState = new Map<string, number>();
  for (const record of store.data.senders) {
    const status = record.status ?? 'none';
    const quality = record.qualityRating ?? 'unknown';
    const key = `${status}\u0000${quality}`;
    const entry = byStatus.get(key);
    if (entry) entry.count += 1;
    else byStatus.set(key, { status, quality, count: 1 });
    byState.set(record.state, (byState.get(record.state) ?? 0) + 1);
  }
  return { byStatus, byState };
}

/** Creates waiting for their turn, per account: queued registrations and rows of running bulk runs (a paused run's rows are not waiting on the pace). */
export function createQueues(store: Store): AccountQueue[] {
  const running = new Set(store.data.bulkRuns.filter((run) => run.state === 'running').map((run) => run.id));
  const waiting = (r: SenderRecord) => r.state === 'queued' && (!r.bulk || running.has(r.bulk.runId));
  const queues = new Map<string, AccountQueue>();
  for (const record of store.data.senders) {
    if (!waiting(record)) continue;
    const queuedAt = Date.parse(record.queuedAt ?? record.createdAt);
    const queue = queues.get(record.accountSid);
    if (!queue) queues.set(record.accountSid, { accountSid: record.accountSid, depth: 1, oldestQueuedAt: queuedAt });
    else {
      queue.depth += 1;
      if (queuedAt < queue.oldestQueuedAt) queue.oldestQueuedAt = queuedAt;
    }
  }
  return [...queues.values()];
}

export function outboxBacklog(store: Store): OutboxBacklog {
  const { outbox, undelivered } = store.data;
  let oldestAt: number | undefined;
  for (const item of outbox) {
    const at = Date.parse(item.createdAt);
    if (oldestAt === undefined || at < oldestAt) oldestAt = at;
  }
  return { waiting: outbox.length, oldestAt, undelivered: undelivered.length };
}
