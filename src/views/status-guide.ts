import { isOnlineStatus, onlineSince, wasEverOnline } from '../senders/watch/alert-decisions.js';
import type { SenderRecord } from '../store/schema.js';
import { STATUS_MEANINGS } from './status-meanings.js';
import { BOT_TAKES_THE_CALL_NEXT } from './voice-call-notes.js';

/** One line on where the sender stands, and one on what to do next. */
export function explainStatus(record: SenderRecord): { now: string; next: string } {
  const status = record.status ?? (record.state === 'queued' ? 'QUEUED' : 'not created yet');
  const dropped = hasDropped(record, status);
  const now = dropped
    ? droppedText(record, status)
    : (STATUS_MEANINGS[status]?.meaning(record.path) ?? `Twilio reports "${status}", a status it does not document; treat it as in progress.`);
  switch (record.state) {
    case 'queued':
      return {
        now: 'Queued: Twilio asks for several minutes between sender requests in one account.',
        next: 'Nothing: the bot sends it when its turn comes and then shows what to do.',
      };
    case 'creating':
      if (record.pendingCreate?.uncertainSince) {
        return {
          now: 'Being checked: Twilio did not confirm the create (its answer was lost), so it may exist already.',
          next: 'Nothing: the bot asks Twilio until it knows, then adopts the sender or sends it again. Do not register the number again meanwhile.',
        };
      }
      return { now, next: 'Nothing: the bot is sending the registration to Twilio.' };
    case 'awaiting_code':
      return {
        now,
        next:
          record.path === 'twilio_voice'
            ? record.voiceForward?.call
              ? BOT_TAKES_THE_CALL_NEXT
              : 'Open the voicemail transcription email, then press *Enter code*.'
            : record.path === 'external_voice'
              ? 'Answer the call to the number, note the code, then press *Enter code*.'
              : 'Read the SMS on the phone, then press *Enter code*. No SMS after a few minutes? *Resend code* or *Switch to voice*.',
      };
    case 'verifying': {
      if (dropped) return { now, next: 'Work through the alert about the drop (offline reasons, error log, WhatsApp Manager), then *Check status*.' };
      if (status === 'PENDING_VERIFICATION' && record.path === 'twilio_sms') return { now, next: 'Nothing: Twilio enters the code itself.' };
      const next = STATUS_MEANINGS[status]?.next?.(record.path);
      if (next) return { now, next };
      return status === 'OFFLINE' && record.offlineReasons?.length
        ? { now, next: 'Fix the offline reasons below, then check again.' }
        : { now, next: 'Nothing: wait a few minutes and check again.' };
    }
    case 'online':
      return { now, next: 'Nothing: the sender is ready to use.' };
    case 'failed':
      return { now, next: 'Read the error, fix the cause, then register the number again.' };
    case 'abandoned':
      return { now, next: 'Nothing: this registration was abandoned. Register again to start over.' };
  }
}

/** A sender that was ONLINE and no longer is: it dropped, it is not "not online yet". */
const hasDropped = (record: SenderRecord, status: string): boolean =>
  wasEverOnline(record) && !isOnlineStatus(status) && status !== 'DELETED' && record.state !== 'abandoned';

function droppedText(record: SenderRecord, status: string): string {
  const since = onlineSince(record);
  const fell = record.statusHistory.at(-1)?.at;
  const when = fell ? ` until ${fell.slice(0, 16).replace('T', ' ')} UTC` : '';
  return `Dropped: it was ONLINE${since ? ` from ${since.slice(0, 16).replace('T', ' ')} UTC` : ''}${when} and Twilio now says ${status}. It cannot send WhatsApp messages until it is ONLINE again.`;
}
