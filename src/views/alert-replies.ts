import type { TakeResult } from '../senders/watch/take-alert.js';
import type { SenderRecord } from '../store/schema.js';

/** The answer, only to the person who pressed "I’m on it". */
export function takeAlertReply(record: SenderRecord, taken: TakeResult): string {
  if (!taken.ok) return `*${record.phoneNumber}* has no open alert any more: it recovered, or nothing is wrong with it.`;
  const from = taken.alreadyTakenBy ? ` (it was <@${taken.alreadyTakenBy}>’s)` : '';
  return `:raising_hand: You are on *${record.phoneNumber}*${from}. Reminders now come to you in the alert’s thread instead of the whole channel; the alert says who is on it.`;
}
