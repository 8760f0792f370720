import type { SenderRecord } from '../store/schema.js';
import type { SlackPost } from './alerts.js';
import { clip, context, escapeText, fields, section } from './blocks.js';
import { senderTitle } from './sender-summary.js';
import { slackTime } from './time-text.js';

const QUALITY_EMOJI: Record<string, string> = { HIGH: ':large_green_circle:', MEDIUM: ':large_yellow_circle:', LOW: ':red_circle:' };
export const qualityEmoji = (rating?: string | null): string => (rating && QUALITY_EMOJI[rating]) || ':white_circle:';

const QUALITY_STEPS = [
  '• Look at the quality insights of the number in WhatsApp Manager: which templates get blocked or reported.',
  '• Pause or fix those templates; send only to customers who opted in, and less often.',
  '• Make every message easy to stop (an opt-out), relevant and expected.',
  '• Watch the next days: the rating improves once blocks and reports drop.',
];

/** A fall of the quality rating: Meta may lower the limit or disconnect the number. */
export function qualityFellAlert(record: SenderRecord, customerName: string, from: string, to: string, now: number): SlackPost {
  return {
    text: `${record.phoneNumber} quality fell: ${from} → ${to}`,
    blocks: [
      section(`${qualityEmoji(to)} *${senderTitle(record)}*: quality rating fell *${escapeText(from)} → ${escapeText(to)}* (seen ${slackTime(now, now)}).`),
      fields([
        ['Customer', escapeText(customerName)],
        ['Messaging limit', escapeText(record.messagingLimit ?? '— (not reported)')],
      ]),
      section(
        `*What it means*: recipients block or report this sender's messages. ${
          to === 'LOW'
            ? 'At LOW, Meta may soon lower its messaging limit or disconnect the number.'
            : 'If it keeps falling, Meta may lower its messaging limit or, at LOW, disconnect the number.'
        }`,
      ),
      section(clip(`*What to do*\n${QUALITY_STEPS.join('\n')}`, 3000)),
      context('The bot reads the quality rating each time it checks an online sender, so a change shows within that check’s interval.'),
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
      fields([
        ['Customer', escapeText(customerName)],
        ['Quality rating', escapeText(record.qualityRating ?? '— (not reported)')],
      ]),
      section(
        '*What it means*: fewer customers a day can be reached with business-initiated messages; messages past the limit fail (63018). Since October 2025 Meta counts the limit per business portfolio, shared by all its numbers.',
      ),
      section(
        '*What to do*: tell the customer and spread campaigns over more days; raise the quality rating (WhatsApp Manager, quality insights) so Meta raises the limit again.',
      ),
    ],
  };
}

/** The rating and limit of an ONLINE sender, in a few words. */
export const qualityLine = (record: SenderRecord): string =>
  `${qualityEmoji(record.qualityRating)} quality ${record.qualityRating ?? '—'} · limit ${record.messagingLimit ?? '—'}`;
