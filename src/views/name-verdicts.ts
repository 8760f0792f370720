import type { KnownBlock } from '@slack/types';
import { type NameVerdict, RETRYABLE_NAME_VERDICTS } from '../senders/watch/name-verdict.js';
import type { SenderRecord } from '../store/schema.js';
import type { SlackPost } from './alerts.js';
import { actions, button, clip, context, escapeText, fields, section } from './blocks.js';
import { ACTION } from './ids.js';
import { slackTime, timeText } from './time-text.js';

/** What each pending_display_name_status means, and what to do. */
export const NAME_VERDICT_MEANINGS: Record<string, { emoji: string; word: string; meaning: string }> = {
  PENDING_REVIEW: { emoji: ':hourglass:', word: 'in review at Meta', meaning: 'Meta is reviewing the new name. The sender keeps its current name meanwhile.' },
  APPROVED: { emoji: ':thumbsup:', word: 'approved', meaning: 'Meta approved the new name; Twilio now applies it to the number.' },
  DECLINED: {
    emoji: ':no_entry:',
    word: 'declined',
    meaning: 'Meta declined the new name. The sender keeps its current name. Choose a name that follows Meta’s guidelines and press *Change display name*.',
  },
  PIN_MISMATCH: {
    emoji: ':warning:',
    word: 'approved, not applied (PIN mismatch)',
    meaning:
      'Meta approved the name, but it could not be applied: the number’s two-step verification PIN did not match. Press *Retry* to send the same name again.',
  },
  REGISTRATION_FAILED: {
    emoji: ':warning:',
    word: 'approved, not applied (registration failed)',
    meaning: 'Meta approved the name, but registering the number again with it failed. Press *Retry* to send the same name again.',
  },
  EXPIRED: {
    emoji: ':warning:',
    word: 'approved, not applied in time',
    meaning: 'Meta approved the name, but it was not applied within Meta’s 14 days. Press *Retry* to send the same name again.',
  },
  COMPLETED: { emoji: ':white_check_mark:', word: 'in effect', meaning: 'The new name is in effect: WhatsApp users now see it.' },
};

const changeNameButton = (record: SenderRecord) => button('Change display name', ACTION.changeName, record.id);

/** A verdict as people say it; one the bot does not know, as Twilio spells it. */
const verdictWord = (status: string): string => NAME_VERDICT_MEANINGS[status]?.word ?? status.replace(/_/g, ' ').toLowerCase();

/** A new verdict on a display-name change, in the thread of the sender's message. */
export function nameVerdictNote(record: SenderRecord, verdict: NameVerdict, now: number): SlackPost {
  const known = NAME_VERDICT_MEANINGS[verdict.status];
  const blocks: KnownBlock[] = [
    section(
      `${known?.emoji ?? ':information_source:'} Display name *${escapeText(verdict.name)}*: *${escapeText(verdictWord(verdict.status))}* ${slackTime(now, now)}${verdict.previousName ? ` (was ${escapeText(verdict.previousName)})` : ''}.`,
    ),
    section(known?.meaning ?? 'Twilio reports a status the bot does not know; see the sender in the Twilio Console.'),
  ];
  if (RETRYABLE_NAME_VERDICTS.has(verdict.status))
    blocks.push(actions('name_actions', [button('Retry', ACTION.retryName, record.id, 'primary'), changeNameButton(record)]));
  if (verdict.status === 'DECLINED') blocks.push(actions('name_actions', [changeNameButton(record)]));
  return { text: `${record.phoneNumber}: display name ${verdict.name} ${verdictWord(verdict.status)}`, blocks };
}

/** The alert for a display name Meta declined, with Meta's reason when Twilio gives one. */
export function nameDeclinedAlert(record: SenderRecord, customerName: string, name: string, reasons: string[], now: number): SlackPost {
  const why = reasons.length ? reasons.map((r) => `> ${escapeText(clip(r, 500))}`).join('\n') : 'Twilio gives no reason for it.';
  return {
    text: `${record.phoneNumber}: Meta declined the display name ${name}`,
    blocks: [
      section(`:no_entry: Meta *declined* the display name *${escapeText(name)}* for *${record.phoneNumber}* (${timeText(now, now)}).`),
      fields([
        ['Customer', escapeText(customerName)],
        ['Name in effect', escapeText(record.profile.name)],
        ['Sender SID', record.sid ?? '—'],
      ]),
      section(clip(`*Meta’s reason*\n${why}`, 3000)),
      section(NAME_VERDICT_MEANINGS.DECLINED!.meaning),
      actions('name_actions', [changeNameButton(record)]),
      context('A rejected name can limit the number to 250 business-initiated messages per 24 hours.'),
    ],
  };
}

/** The line on the sender's message while a change is not settled. */
export function nameChangeLine(record: SenderRecord, now: number): string | undefined {
  const change = record.nameChange;
  if (!change || change.status === 'COMPLETED') return undefined;
  const since = change.statusDate ? ` since ${slackTime(Date.parse(change.statusDate), now)}` : '';
  return `:label: Display name change to *${escapeText(change.name)}*: ${change.status ? `*${escapeText(verdictWord(change.status))}*${since}` : 'asked, waiting for Twilio'}`;
}
