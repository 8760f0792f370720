import type { KnownBlock } from '@slack/types';
import type { SenderRecord } from '../store/schema.js';
import type { AlertWire } from '../twilio/wire.js';
import type { SlackPost } from './alerts.js';
import { clip, context, escapeText, section } from './blocks.js';
import { senderTitle } from './sender-summary.js';
import { STATUS_MEANINGS } from './status-meanings.js';
import { slackTime } from './time-text.js';
import { DROP_CHECKLIST, errorPageLabel, hintLine, OFFLINE_CHECKLIST, type ReasonHint } from './troubleshooting.js';

const MAX_LOG_LINES = 8;

const reasonLine = (r: ReasonHint) => `• *${escapeText(r.code)}* ${escapeText(r.message)} <${r.link}|${errorPageLabel(r.code)}>`;

function logLine(entry: AlertWire, now: number): string {
  const code = entry.error_code ?? '?';
  const at = entry.date_created ? ` ${slackTime(Date.parse(entry.date_created), now)}` : '';
  const page = entry.more_info ? ` <${entry.more_info}|${errorPageLabel(code)}>` : '';
  return `• *${escapeText(code)}*${at}: ${escapeText(clip(entry.alert_text ?? '', 300))}${page}`;
}

export interface DetailsFacts {
  reasons: ReasonHint[];
  errorLog: AlertWire[];
  /** The sender is in a customer's subaccount: the Console shows it only from that subaccount. */
  subaccount?: string;
}

/**
 * What the alert leaves out, for whoever presses Details: Twilio's own words for each reason,
 * the error-log lines about the number, and the whole checklist.
 */
export function alertDetails(record: SenderRecord, facts: DetailsFacts, now: number): SlackPost {
  const incident = record.watch?.stuckAlert;
  const blocks: KnownBlock[] = [section(`*Details for ${senderTitle(record)}*`)];
  blocks.push(
    section(clip(`*Twilio’s reasons*\n${facts.reasons.length ? facts.reasons.map(reasonLine).join('\n') : 'Twilio gives no offline reason.'}`, 3000)),
  );
  const lines = facts.errorLog.slice(0, MAX_LOG_LINES).map((entry) => logLine(entry, now));
  if (facts.errorLog.length > MAX_LOG_LINES) lines.push(`…and ${facts.errorLog.length - MAX_LOG_LINES} more in Twilio’s error log`);
  blocks.push(section(clip(`*Error log for this number*\n${lines.length ? lines.join('\n') : 'No entries.'}`, 3000)));
  const status = record.status ?? 'OFFLINE';
  const checklist = incident?.kind === 'drop' ? DROP_CHECKLIST : (STATUS_MEANINGS[status]?.stuckHints(record.path) ?? OFFLINE_CHECKLIST);
  if (checklist.length) blocks.push(section(clip(`*Checklist*\n${checklist.map(hintLine).join('\n')}`, 3000)));
  blocks.push(
    context(
      facts.subaccount
        ? `Sender SID \`${record.sid ?? '—'}\`. It is in the customer’s subaccount \`${facts.subaccount}\`: switch to that subaccount in the Twilio Console to open it.`
        : `Sender SID \`${record.sid ?? '—'}\`.`,
    ),
  );
  return { text: `Details for ${record.phoneNumber}`, blocks };
}
