import { iso, pastTime } from '../../clock.js';
import type { SenderRecord } from '../../store/schema.js';
import { codeSentAt } from '../codes/code-sent.js';
import { stuckAfterMs } from './deadlines.js';
import { type WatchSettings, watchOf } from './schedule.js';

export type AlertIntent =
  | { kind: 'status_change'; from?: string; to: string }
  | { kind: 'online' }
  | { kind: 'stuck' }
  | { kind: 'dropped' }
  | { kind: 'stuck_reminder' }
  | { kind: 'recovered' }
  | { kind: 'code_reminder' };

/** ONLINE:UPDATING is ONLINE while a profile change is applied. */
export const isOnlineStatus = (status: string | undefined): boolean => status === 'ONLINE' || status === 'ONLINE:UPDATING';

/** When the sender's latest ONLINE episode began, whether it goes on or has ended. */
export function onlineSince(record: SenderRecord): string | undefined {
  let episode: string | undefined;
  let since: string | undefined;
  for (const change of record.statusHistory) {
    if (!isOnlineStatus(change.status)) {
      episode = undefined;
      continue;
    }
    episode ??= change.at;
    since = episode;
  }
  return since;
}

/** Whether the sender was ever ONLINE: one that is not ONLINE now has dropped, it is not "not online yet". */
export const wasEverOnline = (record: SenderRecord): boolean => record.statusHistory.some((change) => isOnlineStatus(change.status));

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
    const incident = watch.stuckAlert && !watch.stuckAlert.recoveredAt ? watch.stuckAlert : undefined;
    const stuckIn = incident?.status ?? 'OFFLINE';
    const over = incident && (incident.kind === 'drop' ? isOnlineStatus(status) : previousStatus === stuckIn && status !== stuckIn);
    if (isOnlineStatus(previousStatus) && !isOnlineStatus(status)) {
      intents.push({ kind: 'dropped' });
      watch.stuckAlert = { kind: 'drop', postedAt: iso(now), onlineSince: onlineSince(record), lastSeenOnline: watch.lastCheckedAt };
    } else if (record.state === 'online' && !isOnlineStatus(previousStatus) && !(incident?.kind === 'drop' && over)) {
      // A recovery from a drop is told by editing the drop's alert, not by a new ONLINE alert.
      intents.push({ kind: 'online' });
    }
    if (incident && over) {
      intents.push({ kind: 'recovered' });
      incident.recoveredAt = iso(now);
    }
  }

  const active = watch.stuckAlert && !watch.stuckAlert.recoveredAt ? watch.stuckAlert : undefined;
  const allowedMs = stuckAfterMs(record, settings);
  const since = currentStatusSince(record, now);
  watch.alertAfter = allowedMs !== undefined && !active ? iso(since + allowedMs) : undefined;
  if (allowedMs !== undefined && !quiet && !active && now - since >= allowedMs) {
    intents.push({ kind: 'stuck' });
    watch.stuckAlert = { postedAt: iso(now), status };
  } else if (
    active &&
    !quiet &&
    !intents.some((i) => i.kind === 'dropped') &&
    now - Date.parse(active.remindedAt ?? active.postedAt) >= settings.stuckRemindMs
  ) {
    intents.push({ kind: 'stuck_reminder' });
    active.remindedAt = iso(now);
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
