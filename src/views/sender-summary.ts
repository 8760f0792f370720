import { shownStatus } from '../store/rules/attention.js';
import type { SenderRecord, VerificationPath } from '../store/schema.js';
import { escapeText } from './blocks.js';
import { explainStatus } from './status-guide.js';
import { timeText } from './time-text.js';

const EMOJI: Record<string, string> = {
  ONLINE: ':large_green_circle:',
  OFFLINE: ':red_circle:',
  DELETED: ':wastebasket:',
  FAILED: ':x:',
  ABANDONED: ':no_entry_sign:',
};

export const statusEmoji = (status?: string): string => (status && EMOJI[status]) || ':hourglass_flowing_sand:';

/** Where a registration stands, in one word: Twilio's status, or the bot's own FAILED and ABANDONED. */
export const displayStatus = shownStatus;

export const recordEmoji = (record: SenderRecord): string => statusEmoji(displayStatus(record));

export const senderTitle = (record: SenderRecord): string => `${record.phoneNumber} · ${escapeText(record.profile.name)}`;

export function statusLine(record: SenderRecord): string {
  const { now, next } = explainStatus(record);
  return `${statusEmoji(record.status)} *${record.status ?? record.state.toUpperCase()}*: ${now}\n*Next:* ${next}${deadlineText(record)}`;
}

/** When the bot raises an alert if the sender is still in this status. */
function deadlineText(record: SenderRecord): string {
  const at = record.watch?.alertAfter;
  if (!at || record.state === 'failed' || record.state === 'abandoned') return '';
  const asOf = Date.parse(record.updatedAt);
  return Date.parse(at) <= asOf ? '' : `\n*Deadline:* an alert at ${timeText(Date.parse(at), asOf)} if it is still ${record.status ?? 'in this status'}.`;
}

const PATH_LABELS: Record<VerificationPath, string> = {
  twilio_sms: 'Twilio number, SMS (verified by Twilio)',
  twilio_voice: 'Twilio number, voice only',
  external_sms: 'Non-Twilio number, SMS code',
  external_voice: 'Non-Twilio number, voice code',
  watched: 'Registered outside the bot (watched)',
};

export const pathLabel = (record: SenderRecord): string => PATH_LABELS[record.path];

export function offlineReasonLines(record: SenderRecord): string[] {
  return (record.offlineReasons ?? []).map((r) => {
    const link = r.more_info ? ` <${r.more_info}|more>` : '';
    return `• ${r.code ? `*${escapeText(r.code)}* ` : ''}${escapeText(r.message ?? 'no message')}${link}`;
  });
}
