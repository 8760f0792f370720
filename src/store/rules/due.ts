import type { DueBounds, DuePlan } from '../repositories.js';
import { isFinished, type SenderRecord } from '../schema.js';

/** Senders the watcher looks after: created in Twilio, in play, not unwatched. */
export function isWatched(record: SenderRecord): boolean {
  return Boolean(record.sid) && !isFinished(record) && !record.watch?.unwatchedAt;
}

/**
 * When a watched sender is next checked (ms): its `watch.nextCheckAt`, or `now` when it has no
 * watch yet or its time cannot be read (a hand edit): such a sender is checked at once, and the
 * check writes a readable time.
 */
export function nextCheckOf(record: SenderRecord, now: number): number {
  const at = record.watch ? Date.parse(record.watch.nextCheckAt) : Number.NaN;
  return Number.isNaN(at) ? now : at;
}

/**
 * Due when its check time has come, or when that time lies further ahead than any wait the
 * schedule sets (it was recorded while the host clock ran ahead): more than `maxIntervalMs`, for
 * an online sender more than max(maxIntervalMs, onlineRecheckMs).
 */
export function isDue(record: SenderRecord, now: number, bounds: DueBounds): boolean {
  if (!isWatched(record)) return false;
  const wait = nextCheckOf(record, now) - now;
  const longest = record.state === 'online' ? Math.max(bounds.maxIntervalMs, bounds.onlineRecheckMs) : bounds.maxIntervalMs;
  return wait <= 0 || wait > longest;
}

/** Account SIDs compared code unit by code unit, as PostgreSQL's "C" collation compares them. */
const byAccount = (a: SenderRecord, b: SenderRecord) => (a.accountSid < b.accountSid ? -1 : a.accountSid > b.accountSid ? 1 : 0);

/** The poll's plan (SenderRepository.duePlan) over records in insertion order. */
export function duePlanOf(records: readonly SenderRecord[], now: number, bounds: DueBounds, listWhenDue: number): DuePlan {
  // Stable: insertion order within an account.
  const due = records.filter((r) => isDue(r, now, bounds)).sort(byAccount);
  const perAccount = new Map<string, number>();
  const busy = new Set<string>();
  for (const r of due) {
    const n = (perAccount.get(r.accountSid) ?? 0) + 1;
    perAccount.set(r.accountSid, n);
    if (n >= listWhenDue || r.state === 'online') busy.add(r.accountSid);
  }
  return { ids: due.map((r) => r.id), busyAccounts: [...busy] };
}
