import type { SenderRecord } from '../store/schema.js';

const STATUS_TEXT: Record<string, string> = {
  CREATING: 'Twilio is creating the sender.',
  PENDING_VERIFICATION: 'Waiting for the one-time code from Meta.',
  VERIFYING: 'Meta is checking the code.',
  OFFLINE: 'Registered but not online yet. It usually comes online within a few minutes.',
  ONLINE: 'Online: the sender can send and receive WhatsApp messages.',
  'ONLINE:UPDATING': 'Online; a profile change is being applied.',
  TWILIO_REVIEW: 'Twilio is reviewing the sender.',
  DRAFT: 'A draft: not submitted to Meta yet.',
  STUBBED: 'A placeholder sender created by Twilio.',
  DELETED: 'Deleted in Twilio.',
};

/** One line on where the sender stands, and one on what to do next. */
export function explainStatus(record: SenderRecord): { now: string; next: string } {
  const status = record.status ?? (record.state === 'queued' ? 'QUEUED' : 'not created yet');
  const now = STATUS_TEXT[status] ?? `Twilio reports "${status}", a status it does not document; treat it as in progress.`;
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
            ? 'Open the voicemail transcription email, then press *Enter code*.'
            : record.path === 'external_voice'
              ? 'Answer the call to the number, note the code, then press *Enter code*.'
              : 'Read the SMS on the phone, then press *Enter code*. No SMS after a few minutes? *Resend code* or *Switch to voice*.',
      };
    case 'verifying':
      return status === 'OFFLINE' && record.offlineReasons?.length
        ? { now, next: 'Fix the offline reasons below, then check again.' }
        : { now, next: 'Nothing: wait a few minutes and check again.' };
    case 'online':
      return { now, next: 'Nothing: the sender is ready to use.' };
    case 'failed':
      return { now, next: 'Read the error, fix the cause, then register the number again.' };
    case 'abandoned':
      return { now, next: 'Nothing: this registration was abandoned. Register again to start over.' };
  }
}
