import { PATH_NAMES } from '../senders/registration/path.js';
import { shownStatus } from '../store/rules/attention.js';
import type { SenderRecord } from '../store/schema.js';
import { escapeText } from './blocks.js';
import { explainStatus, type StatusTone, statusTone } from './status-guide.js';
import { statusWord } from './status-meanings.js';
import { slackTime } from './time-text.js';

const EMOJI: Record<string, string> = {
  ONLINE: ':large_green_circle:',
  OFFLINE: ':red_circle:',
  DELETED: ':wastebasket:',
  FAILED: ':x:',
  ABANDONED: ':no_entry_sign:',
};

/** The emoji of a status on its own (lists grouped by status); a sender's own colour is `statusLook`. */
export const statusEmoji = (status?: string): string => (status && EMOJI[status]) || ':hourglass_flowing_sand:';

/** Where a registration stands, in one word: Twilio's status, or the bot's own FAILED and ABANDONED. */
export const displayStatus = shownStatus;

const TONE_EMOJI: Record<StatusTone, string> = {
  online: ':large_green_circle:',
  in_progress: ':hourglass_flowing_sand:',
  problem: ':red_circle:',
  ended: ':no_entry_sign:',
};

/** The emoji and words of a sender's status, coloured by its deadline. */
export function statusLook(record: SenderRecord, now: number): { emoji: string; word: string; tone: StatusTone } {
  const tone = statusTone(record, now);
  const shown = record.state === 'queued' ? 'QUEUED' : displayStatus(record);
  const emoji = shown === 'DELETED' ? ':wastebasket:' : shown === 'FAILED' ? ':x:' : TONE_EMOJI[tone];
  return { emoji, word: statusWord(shown, record), tone };
}

export const senderTitle = (record: SenderRecord): string => `${record.phoneNumber} · ${escapeText(record.profile.name)}`;

/** The status in words, what it means, and the next step; `now` defaults to the record's last update. */
export function statusLine(record: SenderRecord, now = Date.parse(record.updatedAt)): string {
  const look = statusLook(record, now);
  return `${look.emoji} *${look.word}*${look.tone === 'in_progress' ? ', in progress' : ''}: ${statusExplanation(record, now)}`;
}

/** What the status means, the next step when there is one, and the alert's deadline. */
export function statusExplanation(record: SenderRecord, now: number): string {
  const { now: meaning, next } = explainStatus(record, now);
  return `${meaning}${next ? `\n*Next:* ${next}` : ''}${deadlineText(record, now)}`;
}

/** When the bot raises an alert if the sender is still in this status. */
function deadlineText(record: SenderRecord, now: number): string {
  const at = record.watch?.alertAfter;
  if (!at || record.state === 'failed' || record.state === 'abandoned') return '';
  return Date.parse(at) <= now ? '' : `\n*Deadline:* if it has not moved on by ${slackTime(Date.parse(at), now)}, the bot raises an alert.`;
}

export const pathLabel = (record: SenderRecord): string => PATH_NAMES[record.path];

export function offlineReasonLines(record: SenderRecord): string[] {
  return (record.offlineReasons ?? []).map((r) => {
    const link = r.more_info ? ` <${r.more_info}|Twilio’s help on ${r.code ? `error ${escapeText(r.code)}` : 'this error'}>` : '';
    return `• ${r.code ? `*${escapeText(r.code)}* ` : ''}${escapeText(r.message ?? 'no message')}${link}`;
  });
}
