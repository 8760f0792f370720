import type { RequesterEvent } from '../senders/watch/watch-messages.js';
import type { SenderRecord } from '../store/schema.js';
import type { SlackPost } from './alerts.js';
import { section } from './blocks.js';
import { senderTitle } from './sender-summary.js';
import { timeText } from './time-text.js';

const WORDS: Record<RequesterEvent, (status: string) => string> = {
  online: () => ':large_green_circle: is *ONLINE*: it can send WhatsApp messages now.',
  stuck: (status) => `:red_circle: is stuck in *${status}*; an alert with what to do is in the alert channel.`,
  dropped: (status) => `:rotating_light: dropped from ONLINE to *${status}*; it cannot send until it is back. The alert channel has what to do.`,
  recovered: () => ':white_check_mark: is *ONLINE* again.',
};

/** A direct message to the person who asked for the registration. */
export function requesterNote(record: SenderRecord, event: RequesterEvent, now: number): SlackPost {
  const text = `${senderTitle(record)} ${WORDS[event](record.status ?? 'unknown')}`;
  return {
    text: `Your sender ${record.phoneNumber}: ${event === 'recovered' ? 'ONLINE again' : event === 'stuck' ? `stuck in ${record.status}` : event === 'dropped' ? `dropped to ${record.status}` : 'ONLINE'}`,
    blocks: [section(`Your WhatsApp sender *${text}* (${timeText(now, now)})`)],
  };
}
