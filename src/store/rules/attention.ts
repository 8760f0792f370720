import type { SenderRecord } from '../schema.js';

/** Why a sender needs a person, in the order the reasons are weighed. */
export type AttentionKind = 'failed' | 'dropped' | 'stuck' | 'offline' | 'awaiting_code';

/** When the sender's current status began: its last status change, else its creation; never after `now`. */
export function statusSince(record: SenderRecord, now: number): number {
  const last = record.statusHistory.at(-1);
  return Math.min(Date.parse(last ? last.at : record.createdAt), now);
}

/**
 * Whether a sender needs a person (the Home tab's list), and why. None for an unwatched,
 * abandoned or dismissed record; else, first that applies: `failed` (state failed); `dropped`
 * (an open alert, `watch.stuckAlert` without `recoveredAt`, of kind `drop`); `stuck` (an open
 * alert while the status is not OFFLINE); `offline` (status OFFLINE since at least
 * `stuckOfflineMs`, measured by statusSince); `awaiting_code` (state awaiting_code).
 */
export function attentionOf(record: SenderRecord, now: number, stuckOfflineMs: number): AttentionKind | undefined {
  if (record.watch?.unwatchedAt || record.state === 'abandoned' || record.dismissed) return undefined;
  const incident = record.watch?.stuckAlert && !record.watch.stuckAlert.recoveredAt ? record.watch.stuckAlert : undefined;
  if (record.state === 'failed') return 'failed';
  if (incident?.kind === 'drop') return 'dropped';
  if (incident && record.status !== 'OFFLINE') return 'stuck';
  if (record.status === 'OFFLINE' && now - statusSince(record, now) >= stuckOfflineMs) return 'offline';
  if (record.state === 'awaiting_code') return 'awaiting_code';
  return undefined;
}

/** The status shown for a sender: ABANDONED, FAILED (unless Twilio deleted it), else Twilio's status, CREATING before it has one. */
export const shownStatus = (record: SenderRecord): string =>
  record.state === 'abandoned' ? 'ABANDONED' : record.state === 'failed' && record.status !== 'DELETED' ? 'FAILED' : (record.status ?? 'CREATING');

const QUALITY_ORDER: Record<string, number> = { LOW: 0, MEDIUM: 1, HIGH: 3 };
/** Worst quality first: LOW, MEDIUM, not reported (or any other word), HIGH. */
export const qualityOrder = (record: SenderRecord): number => {
  const quality = record.qualityRating ?? '';
  return Object.hasOwn(QUALITY_ORDER, quality) ? QUALITY_ORDER[quality]! : 2;
};
