import { REJECTED_NAME_CODES } from '../senders/display-name/rejected-name.js';
import { isOnlineStatus, onlineSince, wasEverOnline } from '../senders/watch/alert-decisions.js';
import type { SenderRecord } from '../store/schema.js';
import { failedAdvice, outsideStep } from './retry-advice.js';
import { STATUS_MEANINGS, WAIT, WILL_NOT_MOVE } from './status-meanings.js';
import { slackTime } from './time-text.js';
import { BOT_TAKES_THE_CALL_NEXT } from './voice-call-notes.js';

const OVERDUE_NEXT = 'Work through the alert in the alert channel (it names what to check), then press *Check status*.';

/**
 * One line on where the sender stands, and one on what to do next (empty when there is
 * nothing to do). A normal step reads as one until its deadline; past it, as a problem.
 */
export function explainStatus(record: SenderRecord, now = Date.parse(record.updatedAt)): { now: string; next: string } {
  const status = record.status ?? (record.state === 'queued' ? 'QUEUED' : 'not created yet');
  const dropped = hasDropped(record, status);
  const meaning = dropped
    ? droppedText(record, now)
    : (STATUS_MEANINGS[status]?.meaning(record.path) ?? `Twilio reports "${status}", a status it does not document; treat it as in progress.`);
  switch (record.state) {
    case 'queued':
      return {
        now: 'Twilio asks for several minutes between sender requests in one account.',
        next: 'Wait: the bot sends it when its turn comes, then shows what to do.',
      };
    case 'creating':
      if (record.pendingCreate?.uncertainSince) {
        return {
          now: 'Twilio did not confirm the create (its answer was lost), so the sender may exist already.',
          next: 'Wait: the bot asks Twilio until it knows, then adopts the sender or sends it again. Do not register the number again meanwhile.',
        };
      }
      return { now: meaning, next: 'Wait: the bot is sending the registration to Twilio.' };
    case 'awaiting_code':
      return { now: meaning, next: record.path === 'twilio_voice' && record.voiceForward?.call ? BOT_TAKES_THE_CALL_NEXT : CODE_NEXT[record.path] };
    case 'verifying':
      return verifyingStep(record, status, meaning, dropped, now);
    case 'online':
      return { now: meaning, next: '' };
    case 'failed':
      return record.status === 'DELETED'
        ? { now: 'Deleted in Twilio: it is no longer a WhatsApp sender.', next: 'Register the number again to start over.' }
        : {
            now: 'The registration did not go through: the error says why.',
            next: record.dismissed
              ? (outsideStep(record) ?? 'Once the cause is fixed, press *Retry* to send it again with the same values.')
              : failedAdvice(record),
          };
    case 'abandoned':
      return { now: 'This registration was abandoned.', next: 'Register the number again to start over.' };
  }
}

const CODE_NEXT: Record<SenderRecord['path'], string> = {
  twilio_sms: 'Wait: Twilio enters the code itself.',
  twilio_voice: 'Open the voicemail transcription email, then press *Enter code*. No email after a few minutes? *Resend code*.',
  external_sms: 'Read the SMS on the phone, then press *Enter code*. No SMS after a few minutes? *Resend code* or *Switch to voice*.',
  external_voice: 'Answer the call to the number, note the code, then press *Enter code*. No call after a few minutes? *Resend code*.',
  watched: 'Ask whoever has the phone for the code, then press *Enter code*.',
};

function verifyingStep(record: SenderRecord, status: string, meaning: string, dropped: boolean, now: number): { now: string; next: string } {
  if (dropped)
    return { now: meaning, next: 'Work through the alert about the drop (offline reasons, error log, WhatsApp Manager), then press *Check status*.' };
  const reasons = record.offlineReasons ?? [];
  if (status === 'OFFLINE' && reasons.some((r) => r.code && REJECTED_NAME_CODES.has(r.code)))
    return {
      now: 'Registered, but Meta rejected the display name, so the sender cannot go online.',
      next: 'Choose a name that follows Meta’s display name guidelines and press *Change display name* on the alert.',
    };
  if (status === 'OFFLINE' && reasons.length)
    return { now: 'Registered, but not online: Twilio gives the offline reasons.', next: 'Fix what the offline reasons say, then press *Check status*.' };
  if (isOverdue(record, now))
    return {
      now:
        status === 'OFFLINE'
          ? 'Registered, but still not online: longer than usual, and Twilio gives no reason yet.'
          : `${meaning} It has taken longer than usual.`,
      next: OVERDUE_NEXT,
    };
  if (status === 'PENDING_VERIFICATION' && record.path === 'twilio_sms') return { now: meaning, next: 'Wait: Twilio enters the code itself.' };
  return { now: meaning, next: STATUS_MEANINGS[status]?.next?.(record.path) ?? WAIT };
}

export type StatusTone = 'online' | 'in_progress' | 'problem' | 'ended';

/**
 * How a sender’s status looks: a normal step on the way to ONLINE is in progress until its
 * deadline (`watch.alertAfter`); it is a problem once the deadline passed or an alert is open,
 * when it dropped from ONLINE, and in a status that never moves by itself.
 */
export function statusTone(record: SenderRecord, now: number): StatusTone {
  const status = record.status ?? '';
  if (record.state === 'abandoned' || status === 'DELETED') return 'ended';
  if (record.state === 'failed') return 'problem';
  if (isOnlineStatus(status)) return 'online';
  if (isOverdue(record, now) || WILL_NOT_MOVE.has(status) || wasEverOnline(record)) return 'problem';
  return 'in_progress';
}

/** The deadline of its current status has passed, or an alert about it is open. */
export function isOverdue(record: SenderRecord, now: number): boolean {
  const incident = record.watch?.stuckAlert;
  if (incident && !incident.recoveredAt) return true;
  const at = record.watch?.alertAfter;
  return Boolean(at && Date.parse(at) <= now);
}

/** A sender that was ONLINE and no longer is: it dropped, it is not "not online yet". */
const hasDropped = (record: SenderRecord, status: string): boolean =>
  wasEverOnline(record) && !isOnlineStatus(status) && status !== 'DELETED' && record.state !== 'abandoned';

function droppedText(record: SenderRecord, now: number): string {
  const since = onlineSince(record);
  const fell = record.statusHistory.at(-1)?.at;
  const from = since ? ` from ${slackTime(Date.parse(since), now)}` : '';
  const until = fell ? ` until ${slackTime(Date.parse(fell), now)}` : '';
  return `Dropped: it was online${from}${until}. It cannot send WhatsApp messages until it is online again.`;
}
