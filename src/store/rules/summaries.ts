import type { HomeSummary, SenderFilter, SenderTally, ShownStatusGroup } from '../repositories.js';
import type { SenderRecord } from '../schema.js';
import { attentionOf, qualityOrder, shownStatus } from './attention.js';
import { isWatched, nextCheckOf } from './due.js';
import { matchesFilter } from './sender-filter.js';

/**
 * The Home tab's summary (SenderRepository.home) of records in insertion order. The records
 * listed are the ones given, not copies: a store copies only those it hands out.
 */
export function homeOf(records: readonly SenderRecord[], now: number, stuckOfflineMs: number, limit: number): HomeSummary {
  const byShownStatus: Record<string, number> = {};
  const online: SenderRecord[] = [];
  let low = 0;
  let medium = 0;
  const attention: SenderRecord[] = [];
  let attentionCount = 0;
  let nextCheckAt: number | undefined;
  for (const r of records) {
    if (attentionOf(r, now, stuckOfflineMs)) {
      attentionCount += 1;
      if (attention.length < limit) attention.push(r);
    }
    if (r.watch?.unwatchedAt) continue;
    const shown = shownStatus(r);
    byShownStatus[shown] = (byShownStatus[shown] ?? 0) + 1;
    if (r.state === 'online') {
      online.push(r);
      if (r.qualityRating === 'LOW') low += 1;
      else if (r.qualityRating === 'MEDIUM') medium += 1;
    }
    if (isWatched(r)) {
      const at = nextCheckOf(r, now);
      nextCheckAt = nextCheckAt === undefined ? at : Math.min(nextCheckAt, at);
    }
  }
  // Stable: ties in insertion order.
  const worst = [...online].sort((a, b) => qualityOrder(a) - qualityOrder(b)).slice(0, Math.max(limit, 0));
  return {
    byShownStatus,
    online: { count: online.length, low, medium, worst },
    attention: { count: attentionCount, first: attention },
    nextCheckAt,
  };
}

/** Records matching `filter` grouped by shown status (SenderRepository.groupByShownStatus); the records given, not copies. */
export function groupByShownStatusOf(records: readonly SenderRecord[], filter: SenderFilter, perGroup: number): ShownStatusGroup[] {
  const groups = new Map<string, ShownStatusGroup>();
  for (const r of records.filter(matchesFilter(filter))) {
    const status = shownStatus(r);
    const group = groups.get(status) ?? { status, count: 0, first: [] };
    group.count += 1;
    if (group.first.length < perGroup) group.first.push(r);
    groups.set(status, group);
  }
  return [...groups.values()];
}

/** Every sender counted by Twilio's status and quality (`none`, `unknown` while unset) and by state (SenderRepository.tally). */
export function tallyOf(records: readonly SenderRecord[]): SenderTally {
  const byStatus: SenderTally['byStatus'] = new Map();
  const byState = new Map<string, number>();
  for (const record of records) {
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
