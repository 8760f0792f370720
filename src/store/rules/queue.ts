import type { AccountQueue } from '../repositories.js';
import type { SenderRecord } from '../schema.js';

/**
 * When the record joined the create queue (ms), read as Date.parse reads it; undefined without
 * a readable `queuedAt`: such records are served first, as PostgreSQL sorts NULLs first.
 */
export function queueTimeOf(record: SenderRecord): number | undefined {
  const at = record.queuedAt === undefined ? Number.NaN : Date.parse(record.queuedAt);
  return Number.isNaN(at) ? undefined : at;
}

/** Records in state `queued`, by queue time (those without one first), ties in the order given (insertion order). */
export function inQueueOrder(records: readonly SenderRecord[]): SenderRecord[] {
  // Each time read once, not once per comparison.
  const timed = records.filter((r) => r.state === 'queued').map((record) => ({ record, at: queueTimeOf(record) ?? Number.NEGATIVE_INFINITY }));
  return timed.sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? -1 : 1)).map(({ record }) => record);
}

/** How many queued records of the account joined the queue before `queuedAt` (records without a queue time count as before). */
export function aheadInQueueOf(records: Iterable<SenderRecord>, accountSid: string, queuedAt: string): number {
  const at = Date.parse(queuedAt);
  let ahead = 0;
  for (const r of records) {
    if (r.state !== 'queued' || r.accountSid !== accountSid) continue;
    const time = queueTimeOf(r);
    if (time === undefined || time < at) ahead += 1;
  }
  return ahead;
}

/**
 * Creates waiting for their turn, per account (SenderRepository.createQueues): queued records
 * that are not rows of a bulk run, or whose run is running. Each queue dates from its longest
 * waiting record's queue time, else its creation.
 */
export function createQueuesOf(records: readonly SenderRecord[], runningRuns: ReadonlySet<string>): AccountQueue[] {
  const queues = new Map<string, AccountQueue>();
  for (const record of records) {
    if (record.state !== 'queued' || (record.bulk && !runningRuns.has(record.bulk.runId))) continue;
    const queuedAt = queueTimeOf(record) ?? Date.parse(record.createdAt);
    const queue = queues.get(record.accountSid);
    if (!queue) queues.set(record.accountSid, { accountSid: record.accountSid, depth: 1, oldestQueuedAt: queuedAt });
    else {
      queue.depth += 1;
      if (queuedAt < queue.oldestQueuedAt) queue.oldestQueuedAt = queuedAt;
    }
  }
  return [...queues.values()];
}
