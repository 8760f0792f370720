import type { SenderRecord } from '../../store/schema.js';
import type { WatchSettings } from './schedule.js';

/** Statuses that never move by themselves: a person must act, so they are alerted at once. */
export const NEEDS_A_PERSON = new Set(['DRAFT', 'STUBBED']);

/**
 * How long the sender may stay in its current status before the bot raises a stuck alert;
 * undefined when no alert applies (ONLINE, a code a person must type, which has its own
 * reminder, or a status Twilio does not document).
 */
export function stuckAfterMs(record: SenderRecord, settings: WatchSettings): number | undefined {
  const status = record.status ?? '';
  if (NEEDS_A_PERSON.has(status)) return 0;
  switch (status) {
    case 'CREATING':
      return settings.stuckCreatingMs;
    case 'PENDING_VERIFICATION':
      // A Twilio number with SMS is verified by Twilio itself: nobody types a code, so waiting too long is an incident.
      return record.path === 'twilio_sms' ? settings.stuckVerifyingMs : undefined;
    case 'VERIFYING':
      return settings.stuckVerifyingMs;
    case 'OFFLINE':
      return settings.stuckOfflineMs;
    case 'TWILIO_REVIEW':
      return settings.stuckReviewMs;
    default:
      return undefined;
  }
}
