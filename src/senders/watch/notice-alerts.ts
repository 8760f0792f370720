import { iso } from '../../clock.js';
import type { NoticeAlert, SenderRecord } from '../../store/schema.js';
import { watchOf } from './schedule.js';

const QUALITY_RANK: Record<string, number> = { LOW: 1, MEDIUM: 2, HIGH: 3 };

const open = (alert: NoticeAlert | undefined): NoticeAlert | undefined => (alert && !alert.resolvedAt ? alert : undefined);

/** The posts of an open alert and of the ones before it in its row, which end together. */
const postsOf = (alert: NoticeAlert | undefined): { channel: string; ts: string }[] | undefined => {
  const still = open(alert);
  if (!still) return undefined;
  const posts = [...(still.earlier ?? []), ...(still.channel && still.ts ? [{ channel: still.channel, ts: still.ts }] : [])];
  return posts.length ? posts : undefined;
};

/** A fall of quality is alerted: remembered with the rating to get back to (the one before the first fall of a row of falls). */
export function openQualityAlert(record: SenderRecord, from: string, now: number): void {
  const watch = watchOf(record, now);
  const earlier = postsOf(watch.qualityAlert);
  watch.qualityAlert = {
    postedAt: open(watch.qualityAlert)?.postedAt ?? iso(now),
    about: open(watch.qualityAlert)?.about ?? from,
    ...(earlier ? { earlier } : {}),
  };
}

/** Whether a rise of quality ends the open quality alert: the rating is back where it was before the fall. */
export function qualityBack(record: SenderRecord, to: string, now: number): boolean {
  const alert = open(record.watch?.qualityAlert);
  if (!alert || (QUALITY_RANK[to] ?? 0) < (QUALITY_RANK[alert.about] ?? Number.POSITIVE_INFINITY)) return false;
  alert.resolvedAt = iso(now);
  return true;
}

/** A declined display name is alerted: remembered so the approval of a name can edit it. */
export function openNameAlert(record: SenderRecord, name: string, now: number): void {
  const watch = watchOf(record, now);
  const earlier = postsOf(watch.nameAlert);
  watch.nameAlert = { postedAt: open(watch.nameAlert)?.postedAt ?? iso(now), about: name, ...(earlier ? { earlier } : {}) };
}

/** Whether a verdict ends the open declined-name alert: Meta approved a name. */
export function nameApproved(record: SenderRecord, status: string, now: number): boolean {
  const alert = open(record.watch?.nameAlert);
  if (!alert || (status !== 'APPROVED' && status !== 'COMPLETED')) return false;
  alert.resolvedAt = iso(now);
  return true;
}
