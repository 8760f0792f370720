import type { KnownBlock } from '@slack/types';
import type { SlackPost } from './alerts.js';
import { clip, escapeText, section } from './blocks.js';
import { limitWords } from './meta-incident-words.js';
import { WHATSAPP_MANAGER_NUMBERS } from './quality.js';
import { slackTime } from './time-text.js';

export interface PortfolioLimitChange {
  customerName: string;
  /** Meta's limit before, when the bot knew it. */
  from?: string;
  to: string;
  /** The E.164 numbers the portfolio's limit covers. */
  numbers: string[];
  now: number;
}

const MAX_NAMED = 25;

const numbersText = (numbers: string[]): string =>
  numbers.length <= MAX_NAMED ? numbers.join(', ') : `${numbers.slice(0, MAX_NAMED).join(', ')} and ${numbers.length - MAX_NAMED} more`;

/**
 * One note per business portfolio when Meta changes its messaging limit, naming the numbers
 * that share it (since October 2025 the limit is the portfolio's, not each number's).
 */
export function portfolioLimitNote(change: PortfolioLimitChange): SlackPost {
  const to = limitWords(change.to);
  const from = change.from ? limitWords(change.from) : undefined;
  const lowered = from !== undefined && to.size < from.size;
  const was = from ? ` (was ${from.words})` : '';
  const shared = change.numbers.length ? `, shared by ${numbersText(change.numbers)}` : '';
  const name = escapeText(change.customerName);
  const line = `Messaging limit of ${name}’s business portfolio is ${lowered ? 'down to' : 'now'} *${to.words}*${was}${shared}. Seen ${slackTime(change.now, change.now)}.`;
  const blocks: KnownBlock[] = [section(clip(`${lowered ? ':warning:' : ':information_source:'} ${line}`, 2800))];
  if (lowered)
    blocks.push(
      section(
        `*What it means:* fewer people a day can be reached with business-initiated messages from all these numbers together; messages past the limit fail.\n*Next step:* Tell the customer and spread campaigns over more days; raise the quality rating so Meta raises the limit again. <${WHATSAPP_MANAGER_NUMBERS}|Quality insights in WhatsApp Manager>`,
      ),
    );
  return {
    text: `Messaging limit of ${change.customerName}’s business portfolio ${lowered ? 'lowered' : 'changed'}: ${from ? `${from.words} → ` : ''}${to.words}`,
    blocks,
  };
}
