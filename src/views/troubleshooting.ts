import type { SenderRecord } from '../store/schema.js';
import { ERROR_DOCS, guideFor } from './error-guide.js';

export interface Hint {
  title: string;
  detail: string;
  link?: string;
}

/** Twilio's checklist for a sender that stays OFFLINE, in the order to work through it. */
export const OFFLINE_CHECKLIST: Hint[] = [
  {
    title: 'Phone number requirements',
    detail: 'The number must be able to receive the code (SMS or call), must not be on WhatsApp or another provider already, and must be written in E.164.',
    link: 'https://www.twilio.com/docs/whatsapp/self-sign-up#phone-number-requirements',
  },
  {
    title: "Meta's display name guidelines",
    detail: 'A rejected display name keeps the sender limited; check the name against the guidelines.',
    link: 'https://www.facebook.com/business/help/757569725593362',
  },
  {
    title: 'Twilio error log',
    detail: 'Errors for this number or sender (63110, 63111, 63112, 63124…) explain most offline senders.',
    link: 'https://console.twilio.com/us1/monitor/logs/debugger/errors',
  },
  {
    title: "The WABA's status in WhatsApp Manager",
    detail: 'The WhatsApp Business Account must be active, with the business verified and a payment method.',
    link: 'https://business.facebook.com/wa/manage/home/',
  },
  {
    title: 'Twilio support',
    detail: 'Still offline after all of the above: open a ticket with the sender SID.',
    link: 'https://help.twilio.com/',
  },
];

/** What to do when a sender that was ONLINE drops: it can no longer send, so this comes first. */
export const DROP_CHECKLIST: Hint[] = [
  {
    title: 'Twilio’s reasons and the error log',
    detail: 'They usually name the cause: a rejected display name (63124), a disabled WABA or business (63112), a number or WABA Meta cannot find (63111).',
    link: 'https://console.twilio.com/us1/monitor/logs/debugger/errors',
  },
  {
    title: 'The WABA and the number in WhatsApp Manager',
    detail: 'Look for a restricted or disabled account, a low quality rating, a flagged number or a pending display-name review.',
    link: 'https://business.facebook.com/wa/manage/home/',
  },
  {
    title: 'Tell the customer',
    detail: 'Messages from this sender fail until it is ONLINE again; pause their campaigns meanwhile.',
  },
  {
    title: 'Twilio support',
    detail: 'No reason shown, or the cause is fixed and it stays down: open a ticket with the sender SID.',
    link: 'https://help.twilio.com/',
  },
];

/** What to try when the code does not arrive. */
/** Twilio Console's error log (the debugger). */
export const TWILIO_ERROR_LOG = 'https://console.twilio.com/us1/monitor/logs/debugger/errors';

/** A hint as one line: its title links to the page it names. */
export const hintLine = (h: Hint): string => (h.link ? `• <${h.link}|${h.title}>: ${h.detail}` : `• *${h.title}*: ${h.detail}`);

/** Twilio's page on one of its error codes, labelled by what it opens. */
export const errorPageLabel = (code: string): string => (/^\d+$/.test(code) ? `Twilio’s page on error ${code}` : 'Twilio’s list of error codes');

export interface ReasonHint {
  code: string;
  message: string;
  meaning: string;
  next: string;
  link: string;
}

/** Each offline reason Twilio gives, with what it means and what to do. */
export function offlineReasonHints(record: SenderRecord, command: string): ReasonHint[] {
  return (record.offlineReasons ?? []).map((reason) => {
    const code = reason.code ?? '';
    const guide = guideFor({ message: reason.message ?? '', twilioCode: /^\d+$/.test(code) ? Number(code) : undefined, httpStatus: 400 }, command);
    return {
      code: code || 'no code',
      message: reason.message ?? '',
      meaning: guide.meaning,
      next: guide.next,
      link: reason.more_info ?? (code ? ERROR_DOCS(code) : 'https://www.twilio.com/docs/api/errors'),
    };
  });
}
