import type { SenderRecord, VerificationPath } from '../store/schema.js';
import { type Hint, OFFLINE_CHECKLIST } from './troubleshooting.js';

const ERROR_LOG: Hint = {
  title: 'Twilio error log',
  detail: 'Errors for this number or sender explain most senders that do not move.',
  link: 'https://console.twilio.com/us1/monitor/logs/debugger/errors',
};
const SUPPORT: Hint = { title: 'Twilio support', detail: 'Nothing in the log: open a ticket with the sender SID.', link: 'https://help.twilio.com/' };
const WHATSAPP_MANAGER: Hint = {
  title: 'The WABA’s status in WhatsApp Manager',
  detail: 'The WhatsApp Business Account must be active, with the business verified and a payment method.',
  link: 'https://business.facebook.com/wa/manage/home/',
};
const CONSOLE: Hint = {
  title: 'The sender in the Twilio Console',
  detail: 'Finish it there, or delete it there and register the number again from the bot.',
  link: 'https://console.twilio.com/us1/develop/sms/senders/whatsapp-senders',
};

/** What one status means, what a person should do, and what to check when it lasts too long. */
export interface StatusMeaning {
  meaning: (path: VerificationPath) => string;
  /** Undefined: the next step depends on where the registration stands (see status-guide). */
  next?: (path: VerificationPath) => string;
  stuckHints: (path: VerificationPath) => Hint[];
}

const CODE_BY_PATH: Record<VerificationPath, string> = {
  twilio_sms: 'Twilio verifies this number by itself: Meta’s code goes by SMS to this Twilio number and Twilio enters it. Nobody types a code.',
  twilio_voice: 'Meta calls the number with a one-time code; the call goes to voicemail and the transcription is emailed.',
  external_sms: 'Meta sends a one-time code by SMS to the phone.',
  external_voice: 'Meta calls the phone and reads out a one-time code.',
  watched: 'Meta has sent a one-time code to the number.',
};

const VERIFYING_BY_PATH: Record<VerificationPath, string> = {
  twilio_sms: 'Twilio verified the number; Meta is now setting it up. This usually takes minutes.',
  twilio_voice: 'Meta is checking the code and setting up the number; this usually takes minutes.',
  external_sms: 'Meta is checking the code and setting up the number; this usually takes minutes.',
  external_voice: 'Meta is checking the code and setting up the number; this usually takes minutes.',
  watched: 'Meta is verifying the number and setting it up; this usually takes minutes.',
};

/** The next step while a sender moves on by itself. */
export const WAIT = 'Wait: the bot checks it every few minutes and updates this message.';

export const STATUS_MEANINGS: Record<string, StatusMeaning> = {
  CREATING: {
    meaning: () => 'Twilio is creating the sender and handing it to Meta; this usually takes seconds to minutes.',
    stuckHints: () => [
      ERROR_LOG,
      { title: 'Twilio status page', detail: 'An incident on the Senders API holds creates.', link: 'https://status.twilio.com/' },
      SUPPORT,
    ],
  },
  PENDING_VERIFICATION: {
    meaning: (path) => CODE_BY_PATH[path],
    stuckHints: (path) =>
      path === 'twilio_sms'
        ? [
            {
              title: 'The number in this Twilio account',
              detail: 'It must still be in this account (Phone Numbers) and able to receive SMS: a number moved, released or without SMS never gets the code.',
              link: 'https://console.twilio.com/us1/develop/phone-numbers/manage/incoming',
            },
            ERROR_LOG,
            SUPPORT,
          ]
        : [ERROR_LOG, SUPPORT],
  },
  VERIFYING: {
    meaning: (path) => VERIFYING_BY_PATH[path],
    next: () => WAIT,
    stuckHints: () => [ERROR_LOG, WHATSAPP_MANAGER, SUPPORT],
  },
  OFFLINE: {
    meaning: () => 'Registered; Meta usually puts a new sender online within a few minutes.',
    stuckHints: () => OFFLINE_CHECKLIST,
  },
  ONLINE: { meaning: () => 'The sender can send and receive WhatsApp messages.', stuckHints: () => [] },
  'ONLINE:UPDATING': { meaning: () => 'The sender can send and receive WhatsApp messages; a profile change is being applied.', stuckHints: () => [] },
  TWILIO_REVIEW: {
    meaning: () => 'Twilio is reviewing the sender before it goes to Meta; a review can take up to two working days.',
    next: () => 'Watch for an email from Twilio support, which asks if the review needs anything.',
    stuckHints: () => [{ title: 'Emails from Twilio', detail: 'A review that needs more information asks for it by email to the account owner.' }, SUPPORT],
  },
  DRAFT: {
    meaning: () => 'A draft: saved but never submitted to Meta. It will not move by itself.',
    next: () => 'Finish it in the Twilio Console, or delete it and register the number again.',
    stuckHints: () => [CONSOLE, SUPPORT],
  },
  STUBBED: {
    meaning: () => 'A placeholder Twilio keeps for a sender whose setup was never completed (an unfinished signup). It will not move by itself.',
    next: () => 'Complete the signup in the Twilio Console, or delete it and register the number again.',
    stuckHints: () => [CONSOLE, SUPPORT],
  },
  DELETED: { meaning: () => 'Deleted in Twilio.', stuckHints: () => [] },
};

/** Statuses that never move by themselves. */
export const WILL_NOT_MOVE = new Set(['DRAFT', 'STUBBED']);

/** Twilio’s statuses and the bot’s own, as people say them. */
const STATUS_WORDS: Record<string, string> = {
  QUEUED: 'Queued',
  CREATING: 'Creating',
  PENDING_VERIFICATION: 'Waiting for the code',
  VERIFYING: 'Verifying',
  OFFLINE: 'Offline',
  ONLINE: 'Online',
  'ONLINE:UPDATING': 'Online, updating its profile',
  TWILIO_REVIEW: 'In review at Twilio',
  DRAFT: 'Draft',
  STUBBED: 'Unfinished signup',
  DELETED: 'Deleted',
  FAILED: 'Failed',
  ABANDONED: 'Abandoned',
};

/** A status in words; one Twilio does not document is shown as Twilio spells it. */
export function statusWord(status: string, record?: SenderRecord): string {
  if (status === 'PENDING_VERIFICATION' && record?.path === 'twilio_sms') return 'Verifying the number';
  return STATUS_WORDS[status] ?? status.replace(/_/g, ' ').toLowerCase();
}
