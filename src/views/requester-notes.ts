import type { RequesterEvent } from '../senders/watch/watch-messages.js';
import type { SenderRecord } from '../store/schema.js';
import type { SlackPost } from './alerts.js';
import { section } from './blocks.js';
import { senderTitle } from './sender-summary.js';
import { statusWord } from './status-meanings.js';
import { slackTime } from './time-text.js';

const WORDS: Record<RequesterEvent, (status: string) => string> = {
  online: () => 'is online: it can send WhatsApp messages now.',
  stuck: (status) => `is stuck (*${status}* for longer than usual); an alert with what to do is in the alert channel.`,
  dropped: (status) => `dropped from online to *${status}*; it cannot send until it is back. The alert channel has what to do.`,
  recovered: () => 'is online again.',
};

const EMOJI: Record<RequesterEvent, string> = {
  online: ':large_green_circle:',
  stuck: ':red_circle:',
  dropped: ':rotating_light:',
  recovered: ':white_check_mark:',
};

/** A direct message to the person who asked for the registration. */
export function requesterNote(record: SenderRecord, event: RequesterEvent, now: number): SlackPost {
  const words = WORDS[event](statusWord(record.status ?? 'unknown', record).toLowerCase());
  return {
    text: `Your WhatsApp sender ${record.phoneNumber} ${words.replace(/\*/g, '')}`,
    blocks: [section(`${EMOJI[event]} Your WhatsApp sender *${senderTitle(record)}* ${words} (${slackTime(now, now)})`)],
  };
}
