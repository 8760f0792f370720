import { iso, pastTime } from '../../clock.js';
import type { SenderRecord } from '../../store/schema.js';
import { codeSentAt } from '../codes/code-sent.js';
import { type WatchSettings, watchOf } from './schedule.js';

export type AlertIntent =
  | { kind: 'status_change'; from?: string; to: string }
  | { kind: 'online' }
  | { kind: 'stuck' }
  | { kind: 'stuck_reminder' }
  | { kind: 'recovered' }
  | { kind: 'code_reminder' };

/** Since when the sender has had its current status (never later than now). */
export function currentStatusSince(record: SenderRecord, now: number): number {
  const last = record.statusHistory.at(-1);
  return Math.min(Date.parse(last ? last.at : record.createdAt), now);
}

/** Moves to now the times the alerts below measure from, when they were recorded in the future. */
function settleRecordedTimes(record: SenderRecord, now: number): void {
  const last = record.statusHistory.at(-1);
  if (last) pastTime(last, 'at', now);
  else pastTime(record, 'createdAt', now);
  const stuck = record.watch?.stuckAlert;
  if (stuck) {
    pastTime(stuck, 'postedAt', now);
    if (stuck.remindedAt) pastTime(stuck, 'remindedAt', now);
  }
  codeSentAt(record, now);
}

export const isSnoozed = (record: SenderRecord, now: number): boolean => Boolean(record.watch?.snoozedUntil && Date.parse(record.watch.snoozedUntil) > now);

/**
 * What to tell people after a check, and the marks that keep each alert to one: the marks
 * are stored in the same write as the messages, so a restart neither repeats nor drops one.
 */
export function decideAlerts(record: SenderRecord, previousStatus: string | undefined, changed: boolean, now: number, settings: WatchSettings): AlertIntent[] {
  const intents: AlertIntent[] = [];
  settleRecordedTimes(record, now);
  const watch = watchOf(record, now);
  const status = record.status ?? '';
  const quiet = isSnoozed(record, now);

  if (changed) {
    intents.push({ kind: 'status_change', from: previousStatus, to: status });
    if (record.state === 'online' && previousStatus !== 'ONLINE' && previousStatus !== 'ONLINE:UPDATING') intents.push({ kind: 'online' });
    if (previousStatus === 'OFFLINE' && status !== 'OFFLINE' && watch.stuckAlert && !watch.stuckAlert.recoveredAt) {
      intents.push({ kind: 'recovered' });
      watch.stuckAlert.recoveredAt = iso(now);
    }
  }

  if (status === 'OFFLINE' && !quiet) {
    const since = currentStatusSince(record, now);
    const active = watch.stuckAlert && !watch.stuckAlert.recoveredAt ? watch.stuckAlert : undefined;
    if (!active && now - since >= settings.stuckOfflineMs) {
      intents.push({ kind: 'stuck' });
      watch.stuckAlert = { postedAt: iso(now) };
    } else if (active && now - Date.parse(active.remindedAt ?? active.postedAt) >= settings.stuckRemindMs) {
      intents.push({ kind: 'stuck_reminder' });
      active.remindedAt = iso(now);
    }
  }

  const currentCode = record.otp.lastCreateAt;
  if (
    record.state === 'awaiting_code' &&
    currentCode &&
    !quiet &&
    watch.codeReminderFor !== currentCode &&
    now - Date.parse(currentCode) >= settings.codeReminderMs
  ) {
    intents.push({ kind: 'code_reminder' });
    watch.codeReminderFor = currentCode;
  }
  return intents;
}
