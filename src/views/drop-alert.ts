import type { KnownBlock } from '@slack/types';
import type { SenderRecord } from '../store/schema.js';
import type { AlertWire } from '../twilio/wire.js';
import { errorLogSection, incidentActions, reasonsSection, type SlackPost } from './alerts.js';
import { clip, context, escapeText, section } from './blocks.js';
import { senderTitle } from './sender-summary.js';
import { timeText } from './time-text.js';
import { DROP_CHECKLIST, type Hint, type ReasonHint } from './troubleshooting.js';

const hint = (h: Hint) => `• *${h.title}*: ${h.detail}${h.link ? ` <${h.link}|Open>` : ''}`;

export interface DropFacts {
  /** Since when it was ONLINE, if the bot saw it come online. */
  onlineSince?: number;
  /** The last check that still found it ONLINE: the drop happened after this. */
  lastSeenOnline?: number;
  reasons: ReasonHint[];
  /** Error-log entries since it was last seen ONLINE. */
  errorLog: AlertWire[];
}

/** The one alert for a sender that left ONLINE: it can no longer send, and someone must act. */
export function droppedAlert(record: SenderRecord, customerName: string, facts: DropFacts, now: number): SlackPost {
  const status = record.status ?? 'unknown';
  const since = facts.onlineSince !== undefined ? `was ONLINE since ${timeText(facts.onlineSince, now)}` : 'was ONLINE';
  const seen = facts.lastSeenOnline !== undefined ? ` (last seen ONLINE at ${timeText(facts.lastSeenOnline, now)})` : '';
  const blocks: KnownBlock[] = [
    section(
      `:rotating_light: *${senderTitle(record)}* ${since} and has dropped: Twilio now says *${escapeText(status)}*${seen}. It cannot send WhatsApp messages until it is ONLINE again.\nCustomer: ${escapeText(customerName)} · Sender SID \`${record.sid ?? '—'}\``,
    ),
    reasonsSection(facts.reasons),
    errorLogSection(facts.errorLog, 'No entries since it was last seen ONLINE.'),
    section(clip(`*What to do*\n${DROP_CHECKLIST.map(hint).join('\n')}`, 3000)),
    incidentActions(record, { takeable: true }),
    context('Press *I’m on it* so the team knows; reminders then go to you only. This message is edited when the sender is ONLINE again.'),
  ];
  return { text: `${record.phoneNumber} dropped from ONLINE to ${status}`, blocks };
}
