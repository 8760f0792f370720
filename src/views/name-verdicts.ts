import type { KnownBlock } from '@slack/types';
import { type NameVerdict, RETRYABLE_NAME_VERDICTS } from '../senders/watch/name-verdict.js';
import type { NoticeAlert, SenderRecord } from '../store/schema.js';
import { META_NAME_RULES } from './alert-cause.js';
import { consoleButton } from './alert-controls.js';
import type { SlackPost } from './alerts.js';
import { actions, button, clip, context, escapeText, section } from './blocks.js';
import { durationText } from './duration-text.js';
import { ACTION } from './ids.js';
import { slackTime } from './time-text.js';

/** What each pending_display_name_status means, in a few words and in a sentence with what to do. */
export const NAME_VERDICT_MEANINGS: Record<string, { emoji: string; words: string; meaning: string }> = {
  PENDING_REVIEW: {
    emoji: ':hourglass:',
    words: 'under review by Meta',
    meaning: 'Meta is reviewing the new name. The sender keeps its current name meanwhile.',
  },
  APPROVED: { words: 'approved by Meta', emoji: ':thumbsup:', meaning: 'Meta approved the new name; Twilio now applies it to the number.' },
  DECLINED: {
    words: 'declined by Meta',
    emoji: ':no_entry:',
    meaning: 'Meta declined the new name. The sender keeps its current name. Choose a name that follows Meta’s guidelines and press *Change display name*.',
  },
  PIN_MISMATCH: {
    words: 'approved but not applied',
    emoji: ':warning:',
    meaning:
      'Meta approved the name, but it could not be applied: the number’s two-step verification PIN did not match. Press *Retry* to send the same name again.',
  },
  REGISTRATION_FAILED: {
    words: 'approved but not applied',
    emoji: ':warning:',
    meaning: 'Meta approved the name, but registering the number again with it failed. Press *Retry* to send the same name again.',
  },
  EXPIRED: {
    words: 'approved but not applied in time',
    emoji: ':warning:',
    meaning: 'Meta approved the name, but it was not applied within Meta’s 14 days. Press *Retry* to send the same name again.',
  },
  COMPLETED: { words: 'in effect', emoji: ':white_check_mark:', meaning: 'The new name is in effect: WhatsApp users now see it.' },
};

/** A status Twilio reports in words: the known ones by their meaning, any other without its underscores. */
export const nameStatusWords = (status: string): string => NAME_VERDICT_MEANINGS[status]?.words ?? status.toLowerCase().replace(/_/g, ' ');

const changeNameButton = (record: SenderRecord, style?: 'primary') => button('Change display name', ACTION.changeName, record.id, style);

/** A new verdict on a display-name change, in the thread of the sender's message. */
export function nameVerdictNote(record: SenderRecord, verdict: NameVerdict, now: number): SlackPost {
  const known = NAME_VERDICT_MEANINGS[verdict.status];
  const words = nameStatusWords(verdict.status);
  const blocks: KnownBlock[] = [
    section(
      `${known?.emoji ?? ':information_source:'} Display name *${escapeText(verdict.name)}*: *${escapeText(words)}* ${slackTime(now, now)}${verdict.previousName ? ` (was ${escapeText(verdict.previousName)})` : ''}.`,
    ),
    section(known?.meaning ?? 'Twilio reports a status the bot does not know; open the sender in the Twilio Console.'),
  ];
  if (RETRYABLE_NAME_VERDICTS.has(verdict.status))
    blocks.push(actions('name_actions', [button('Retry', ACTION.retryName, record.id, 'primary'), changeNameButton(record)]));
  if (verdict.status === 'DECLINED') blocks.push(actions('name_actions', [changeNameButton(record, 'primary')]));
  return { text: `${record.phoneNumber}: display name ${verdict.name} ${words}`, blocks };
}

/** The alert for a display name Meta declined: Meta's reason, the next step, and the button for it. */
export function nameDeclinedAlert(record: SenderRecord, customerName: string, name: string, reasons: string[], now: number): SlackPost {
  const why = reasons.length ? `Meta’s reason: ${reasons.map((r) => `“${escapeText(clip(r, 500))}”`).join(' ')}` : 'Meta gave no reason.';
  return {
    text: `${record.phoneNumber}: Meta declined the display name ${name}`,
    blocks: [
      section(`:no_entry: Meta *declined* the display name *${escapeText(name)}* for *${record.phoneNumber}* (${slackTime(now, now)}).`),
      section(
        clip(
          `*Why:* ${why}\n*Next step:* Choose a name that follows Meta’s display name rules and press *Change display name*; the sender keeps *${escapeText(record.profile.name)}* meanwhile. <${META_NAME_RULES.url}|${META_NAME_RULES.label}>`,
          3000,
        ),
      ),
      context(
        `Customer: ${escapeText(customerName)} · Sender SID \`${record.sid ?? '—'}\` · a rejected name can limit the number to 250 business-initiated messages per 24 hours.`,
      ),
      { type: 'actions', block_id: 'name_actions', elements: [changeNameButton(record, 'primary'), consoleButton(record)] },
    ],
  };
}

/** What the declined-name alert becomes once Meta approves a name: one line, with how long it took. */
export function nameApprovedAlert(record: SenderRecord, alert: NoticeAlert, now: number): SlackPost {
  const at = alert.resolvedAt ? Date.parse(alert.resolvedAt) : now;
  const after = durationText(Math.max(at - Date.parse(alert.postedAt), 60_000));
  const approved = record.nameChange?.name ?? record.profile.name;
  const was = approved === alert.about ? '' : ` (Meta had declined *${escapeText(alert.about)}*)`;
  return {
    text: `${record.phoneNumber}: display name resolved, ${approved} approved`,
    blocks: [
      section(`:white_check_mark: Resolved: Meta approved the display name *${escapeText(approved)}* for *${record.phoneNumber}* after ${after}${was}.`),
    ],
  };
}

/** The line on the sender's message while a change is not settled. */
export function nameChangeLine(record: SenderRecord, now: number): string | undefined {
  const change = record.nameChange;
  if (!change || change.status === 'COMPLETED') return undefined;
  const since = change.statusDate ? ` since ${slackTime(Date.parse(change.statusDate), now)}` : '';
  return `:label: Display name change to *${escapeText(change.name)}*: ${change.status ? `*${escapeText(nameStatusWords(change.status))}*${since}` : 'asked, waiting for Twilio'}`;
}
