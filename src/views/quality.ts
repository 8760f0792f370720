import type { ActionsBlock } from '@slack/types';
import type { NoticeAlert, SenderRecord } from '../store/schema.js';
import { consoleButton } from './alert-controls.js';
import type { SlackPost } from './alerts.js';
import { button, context, escapeText, section } from './blocks.js';
import { durationText } from './duration-text.js';
import { ACTION } from './ids.js';
import { senderTitle } from './sender-summary.js';
import { slackTime } from './time-text.js';

const QUALITY_EMOJI: Record<string, string> = { HIGH: ':large_green_circle:', MEDIUM: ':large_yellow_circle:', LOW: ':red_circle:' };
export const qualityEmoji = (rating?: string | null): string => (rating && QUALITY_EMOJI[rating]) || ':white_circle:';

/** The number's page in WhatsApp Manager, where Meta shows its quality insights. */
export const WHATSAPP_MANAGER_NUMBERS = 'https://business.facebook.com/wa/manage/phone-numbers/';

/** The controls of a quality or limit alert: the number in WhatsApp Manager (the one primary) and the sender in the Twilio Console. */
function qualityActions(record: SenderRecord): ActionsBlock {
  const manager = button('Open quality insights in WhatsApp Manager', ACTION.openWhatsAppManager, record.id, 'primary');
  manager.url = WHATSAPP_MANAGER_NUMBERS;
  return { type: 'actions', block_id: 'quality_actions', elements: [manager, consoleButton(record)] };
}

/** A fall of the quality rating: Meta may lower the limit or disconnect the number. */
export function qualityFellAlert(record: SenderRecord, customerName: string, from: string, to: string, now: number): SlackPost {
  const risk =
    to === 'LOW'
      ? 'At LOW, Meta may soon lower its messaging limit or disconnect the number.'
      : 'If it keeps falling, Meta may lower its messaging limit or, at LOW, disconnect the number.';
  return {
    text: `${record.phoneNumber} quality fell: ${from} → ${to}`,
    blocks: [
      section(`${qualityEmoji(to)} *${senderTitle(record)}*: quality rating fell *${escapeText(from)} → ${escapeText(to)}* (seen ${slackTime(now, now)}).`),
      section(
        `*Why:* Recipients block or report this sender’s messages. ${risk}\n*Next step:* In WhatsApp Manager, open the number’s quality insights to see which templates get blocked or reported, and pause or fix them.`,
      ),
      context(
        `Customer: ${escapeText(customerName)} · messaging limit ${escapeText(record.messagingLimit ?? 'not reported')} · the rating improves over the next days once blocks and reports drop; send only to customers who opted in, with an easy way to stop.`,
      ),
      qualityActions(record),
    ],
  };
}

/** What the quality-fall alert becomes once the rating is back: one line, with how long it took. */
export function qualityBackAlert(record: SenderRecord, alert: NoticeAlert, now: number): SlackPost {
  const at = alert.resolvedAt ? Date.parse(alert.resolvedAt) : now;
  const after = durationText(Math.max(at - Date.parse(alert.postedAt), 60_000));
  return {
    text: `${record.phoneNumber} quality resolved: back to ${record.qualityRating ?? alert.about}`,
    blocks: [
      section(
        `:white_check_mark: Resolved: *${senderTitle(record)}*: quality rating back to *${escapeText(record.qualityRating ?? alert.about)}* after ${after}.`,
      ),
    ],
  };
}

/** A rise of the quality rating: a quiet note in the sender's thread. */
export function qualityRoseNote(record: SenderRecord, from: string, to: string, now: number): SlackPost {
  return {
    text: `${record.phoneNumber} quality rose: ${from} → ${to}`,
    blocks: [section(`${qualityEmoji(to)} Quality rating rose *${escapeText(from)} → ${escapeText(to)}* at ${slackTime(now, now)}.`)],
  };
}

/** A change of the messaging limit, noted in the sender's thread. */
export function limitNote(record: SenderRecord, from: string, to: string, lowered: boolean, now: number): SlackPost {
  return {
    text: `${record.phoneNumber} messaging limit ${lowered ? 'lowered' : 'changed'}: ${from} → ${to}`,
    blocks: [section(`${lowered ? ':arrow_down:' : ':arrow_up:'} Messaging limit *${escapeText(from)} → ${escapeText(to)}* at ${slackTime(now, now)}.`)],
  };
}

/** A lowered messaging limit: fewer customers a day can be reached. */
export function limitLoweredAlert(record: SenderRecord, customerName: string, from: string, to: string, now: number): SlackPost {
  return {
    text: `${record.phoneNumber} messaging limit lowered: ${from} → ${to}`,
    blocks: [
      section(`:arrow_down: *${senderTitle(record)}*: messaging limit lowered *${escapeText(from)} → ${escapeText(to)}* (seen ${slackTime(now, now)}).`),
      section(
        '*What it means:* fewer customers a day can be reached with business-initiated messages; messages past the limit fail (error 63018).\n*Next step:* Tell the customer and spread campaigns over more days; raise the quality rating (quality insights in WhatsApp Manager) so Meta raises the limit again.',
      ),
      context(
        `Customer: ${escapeText(customerName)} · quality rating ${escapeText(record.qualityRating ?? 'not reported')} · since October 2025 Meta counts the limit per business portfolio, shared by all its numbers.`,
      ),
      qualityActions(record),
    ],
  };
}

/** The rating and limit of an ONLINE sender, in a few words. */
export const qualityLine = (record: SenderRecord): string =>
  `${qualityEmoji(record.qualityRating)} quality ${record.qualityRating ?? '—'} · limit ${record.messagingLimit ?? '—'}`;
