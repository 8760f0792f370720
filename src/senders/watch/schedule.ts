import { iso } from '../../clock.js';
import type { SenderRecord, WatchState } from '../../store/schema.js';

export interface WatchSettings {
  /** Next check this soon after a change. */
  minIntervalMs: number;
  /** The longest wait between two checks while nothing changes. */
  maxIntervalMs: number;
  /** ONLINE senders are still checked this often, so a drop from ONLINE is seen within it. */
  onlineRecheckMs: number;
  stuckOfflineMs: number;
  stuckCreatingMs: number;
  stuckVerifyingMs: number;
  /** TWILIO_REVIEW. */
  stuckReviewMs: number;
  stuckRemindMs: number;
  codeReminderMs: number;
  /** A voice-only number's calls go back to their own settings after this long, whatever happens. */
  voiceForwardMaxMs: number;
  concurrency: number;
}

export const DEFAULT_WATCH: WatchSettings = {
  minIntervalMs: 60_000,
  maxIntervalMs: 30 * 60_000,
  onlineRecheckMs: 15 * 60_000,
  stuckOfflineMs: 30 * 60_000,
  stuckCreatingMs: 30 * 60_000,
  stuckVerifyingMs: 60 * 60_000,
  stuckReviewMs: 48 * 3_600_000,
  stuckRemindMs: 4 * 3_600_000,
  codeReminderMs: 15 * 60_000,
  voiceForwardMaxMs: 24 * 3_600_000,
  concurrency: 5,
};

export function watchOf(record: SenderRecord, now: number): WatchState {
  record.watch ??= { nextCheckAt: iso(now), unchangedChecks: 0 };
  return record.watch;
}

// Whether a sender is watched and due is a rule both stores answer too: it lives in the store's rules.
export { isDue, isWatched } from '../../store/rules/due.js';

/**
 * When to look again: soon after a change, then twice as long after each check that found
 * nothing new, up to the ceiling; ONLINE senders now and then.
 */
export function scheduleNext(record: SenderRecord, changed: boolean, now: number, settings: WatchSettings): void {
  const watch = watchOf(record, now);
  watch.lastCheckedAt = iso(now);
  watch.unchangedChecks = changed ? 0 : watch.unchangedChecks + 1;
  const wait =
    record.state === 'online' ? settings.onlineRecheckMs : Math.min(settings.minIntervalMs * 2 ** Math.min(watch.unchangedChecks, 20), settings.maxIntervalMs);
  watch.nextCheckAt = iso(now + wait);
}

/** After a person acted on a sender (code entered, resent), look at it again at the next poll. */
export function checkSoon(record: SenderRecord, now: number): void {
  const watch = watchOf(record, now);
  watch.unchangedChecks = 0;
  watch.nextCheckAt = iso(now);
}
