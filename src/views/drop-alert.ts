import type { KnownBlock } from '@slack/types';
import type { SenderRecord } from '../store/schema.js';
import type { AlertWire } from '../twilio/wire.js';
import { alertCause } from './alert-cause.js';
import { incidentActions } from './alert-controls.js';
import { type AlertAccount, causeSection, ownerContext, type SlackPost } from './alerts.js';
import { section } from './blocks.js';
import { senderTitle } from './sender-summary.js';
import { statusWord } from './status-meanings.js';
import { slackTime } from './time-text.js';
import type { ReasonHint } from './troubleshooting.js';

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
export function droppedAlert(record: SenderRecord, account: AlertAccount, facts: DropFacts, now: number, command: string): SlackPost {
  const status = record.status ?? 'unknown';
  const since = facts.onlineSince !== undefined ? `, online since ${slackTime(facts.onlineSince, now)}` : '';
  const seen = facts.lastSeenOnline !== undefined ? `; last seen online ${slackTime(facts.lastSeenOnline, now)}` : '';
  const cause = alertCause(record, facts.reasons, facts.errorLog, 'drop', command);
  const blocks: KnownBlock[] = [
    section(
      `:rotating_light: *${senderTitle(record)}* dropped from Online to *${statusWord(status, record)}* (seen ${slackTime(now, now)}${since}${seen}). It cannot send WhatsApp messages until it is online again.`,
    ),
    causeSection(cause),
    ownerContext(record, account, ' · this message is edited when the sender is online again'),
    incidentActions(record, { takeable: true, nameRejected: cause.nameRejected }),
  ];
  return { text: `${record.phoneNumber} dropped from online to ${statusWord(status, record).toLowerCase()}`, blocks };
}
