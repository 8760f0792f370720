import type { ActionsBlockElement, KnownBlock } from '@slack/types';
import type { IncidentAlert, SenderRecord } from '../store/schema.js';
import type { AlertWire } from '../twilio/wire.js';
import { type AlertCause, alertCause, hasRejectedName } from './alert-cause.js';
import { incidentActions, withoutTake } from './alert-controls.js';
import { actions, clip, context, escapeText, fields, section } from './blocks.js';
import { durationText } from './duration-text.js';
import { ACTION } from './ids.js';
import { senderButtons } from './sender-message.js';
import { senderTitle, statusExplanation, statusLook } from './sender-summary.js';
import { explainStatus } from './status-guide.js';
import { statusWord, WILL_NOT_MOVE } from './status-meanings.js';
import { slackTime } from './time-text.js';
import { type ReasonHint, TWILIO_ERROR_LOG } from './troubleshooting.js';

export interface SlackPost {
  text: string;
  blocks: KnownBlock[];
}

/** A status change seen now, posted in the thread of the sender's registration message. */
export function statusChangeNote(record: SenderRecord, from: string | undefined, to: string, now: number): SlackPost {
  const look = statusLook(record, now);
  const change = `${from ? statusWord(from, record) : 'New'} → ${statusWord(to, record)}`;
  const progress = look.tone === 'in_progress' ? ' (in progress)' : '';
  return {
    text: `${record.phoneNumber}: ${change}${progress}`,
    blocks: [section(`${look.emoji} *${change}*${progress} · ${slackTime(now, now)}\n${statusExplanation(record, now)}`)],
  };
}

export function onlineAlert(record: SenderRecord, customerName: string): SlackPost {
  return {
    text: `${record.phoneNumber} (${record.profile.name}) is online`,
    blocks: [
      section(`:large_green_circle: *${senderTitle(record)}* is *Online* and can send WhatsApp messages.`),
      fields([
        ['Customer', escapeText(customerName)],
        ['Quality rating', record.qualityRating ?? '— (not reported yet)'],
        ['Messaging limit', record.messagingLimit ?? '— (not reported yet)'],
        ['Sender SID', record.sid ?? '—'],
      ]),
    ],
  };
}

/** Whose sender it is: the customer's name, and whether it is on the main account (the Console shows it without switching). */
export interface AlertAccount {
  name: string;
  main: boolean;
}

/** Who the sender belongs to, with its SID; a subaccount's sender opens in the Console only from that subaccount. */
export const ownerContext = (record: SenderRecord, account: AlertAccount, extra = ''): KnownBlock =>
  context(
    `Customer: ${escapeText(account.name)} · Sender SID \`${record.sid ?? '—'}\`${account.main ? '' : ' · in the Console, switch to the customer’s subaccount first'}${extra}`,
  );

/** The cause and its next step, in two lines. */
export function causeSection(cause: AlertCause): KnownBlock {
  const link = cause.link ? ` <${cause.link.url}|${cause.link.label}>` : '';
  return section(clip(`*Why:* ${cause.cause}\n*Next step:* ${cause.next}${link}`, 3000));
}

/** The one alert for a sender in one status too long (or at once in DRAFT and STUBBED): the cause that applies, its next step, the rest behind Details. */
export function stuckAlert(
  record: SenderRecord,
  account: AlertAccount,
  since: number,
  reasons: ReasonHint[],
  errorLog: AlertWire[],
  now: number,
  command: string,
): SlackPost {
  const status = record.status ?? 'OFFLINE';
  const cause = alertCause(record, reasons, errorLog, 'stuck', command);
  const blocks: KnownBlock[] = [
    section(
      `:red_circle: *${senderTitle(record)}*: *${statusWord(status, record)}* for ${durationText(now - since)} (since ${slackTime(since, now)})${WILL_NOT_MOVE.has(status) ? ', and it will not move by itself' : ''}.`,
    ),
    causeSection(cause),
    ownerContext(record, account),
    incidentActions(record, { takeable: true, nameRejected: cause.nameRejected }),
  ];
  return { text: `${record.phoneNumber} is stuck: ${statusWord(status, record).toLowerCase()}`, blocks };
}

/** A reminder in the incident alert's thread; once someone took the alert, it is for that person only. */
export function stuckReminder(record: SenderRecord, since: number, now: number, takenBy?: string): SlackPost {
  const status = record.status ?? 'OFFLINE';
  const who = takenBy ? `<@${takenBy}> ` : '';
  const nameRejected = hasRejectedName(record);
  return {
    text: `${who}Reminder: ${record.phoneNumber} is still ${statusWord(status, record).toLowerCase()}`,
    blocks: [
      section(
        `:alarm_clock: ${who}Reminder: *${senderTitle(record)}*: still *${statusWord(status, record)}* (for ${durationText(now - since)}, since ${slackTime(since, now)}). The alert above names the cause and the next step.`,
      ),
      incidentActions(record, { takeable: false, nameRejected }),
    ],
  };
}

const recoveredWhat = (record: SenderRecord, incident: IncidentAlert | undefined): string => {
  if (record.state === 'online') return 'is *Online* again';
  return `left *${statusWord(incident?.status ?? 'OFFLINE', record)}*: now *${statusWord(record.status ?? 'unknown', record)}*`;
};

/** What the incident's alert becomes once it is over: one line with what recovered, after how long, and who took it. */
export function recoveredAlert(record: SenderRecord, at: number): SlackPost {
  const incident = record.watch?.stuckAlert;
  const good = record.state === 'online';
  const after = incident ? ` after ${durationText(Math.max(at - Date.parse(incident.postedAt), 60_000))}` : '';
  const who = incident?.takenBy ? `taken by <@${incident.takenBy}>` : 'nobody took it';
  const line = `${good ? ':white_check_mark: Resolved' : ':information_source: Moved on'}: *${senderTitle(record)}* ${recoveredWhat(record, incident)}${after} · ${who}.`;
  return {
    text: `${record.phoneNumber} resolved: ${good ? 'online again' : `now ${statusWord(record.status ?? 'unknown', record).toLowerCase()}`}`,
    blocks: [section(line)],
  };
}

/** Who took the alert, and when. */
export const takenContext = (user: string, at: string | undefined, now: number) =>
  context(`:raising_hand: <@${user}> is on it${at ? ` since ${slackTime(Date.parse(at), now)}` : ''}.`);

/**
 * An alert as shown, with its controls changed by `controls` (no "I’m on it") and who took it
 * under them, in the context block `blockId` (replaced when taken again).
 */
export function markTaken(
  shown: KnownBlock[],
  taken: { user: string; at: number; now: number },
  controls: (elements: ActionsBlockElement[]) => ActionsBlockElement[],
  blockId: string,
): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (const block of shown) {
    if (block.type === 'context' && block.block_id === blockId) continue;
    if (block.type === 'actions') {
      blocks.push({ ...block, elements: controls(block.elements) });
      blocks.push({ ...takenContext(taken.user, new Date(taken.at).toISOString(), taken.now), block_id: blockId });
    } else blocks.push(block);
  }
  return blocks;
}

/** The alert as shown, with "I’m on it" replaced by who took it. */
export const takenAlertBlocks = (shown: KnownBlock[], user: string, at: number, now: number): KnownBlock[] =>
  markTaken(shown, { user, at, now }, withoutTake, TAKEN_BLOCK);

const TAKEN_BLOCK = 'taken_by';

/** For a sender waiting for its code too long. */
export function codeReminder(record: SenderRecord, waitedMinutes: number): SlackPost {
  const blocks: KnownBlock[] = [
    section(`:hourglass: *${senderTitle(record)}* has waited ${durationText(Math.max(1, Math.round(waitedMinutes)) * 60_000)} for its code.`),
    section(
      `*Next step:* ${explainStatus(record).next} Still nothing after a resend? <${TWILIO_ERROR_LOG}|Twilio’s error log> says whether the number can take a code at all (63110: it is on WhatsApp already).`,
    ),
  ];
  const buttons = senderButtons(record).filter((b) => b.action_id !== ACTION.abandon);
  if (buttons.length) blocks.push(actions('code_actions', buttons));
  return { text: `${record.phoneNumber} is waiting for its code`, blocks };
}
