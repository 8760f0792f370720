import type { KnownBlock } from '@slack/types';
import { REJECTED_NAME_CODES } from '../senders/display-name/rejected-name.js';
import type { SenderRecord } from '../store/schema.js';
import type { AlertWire } from '../twilio/wire.js';
import { actions, button, clip, context, escapeText, fields, section } from './blocks.js';
import { durationText } from './duration-text.js';
import { ACTION } from './ids.js';
import { senderButtons } from './sender-message.js';
import { senderTitle, statusExplanation, statusLook } from './sender-summary.js';
import { STATUS_MEANINGS, statusWord, WILL_NOT_MOVE } from './status-meanings.js';
import { slackTime, timeText } from './time-text.js';
import { CODE_HINTS, type Hint, OFFLINE_CHECKLIST, type ReasonHint } from './troubleshooting.js';

export interface SlackPost {
  text: string;
  blocks: KnownBlock[];
}

export const TWILIO_CONSOLE_SENDERS = 'https://console.twilio.com/us1/develop/sms/senders/whatsapp-senders';

const hint = (h: Hint) => `• *${h.title}*: ${h.detail}${h.link ? ` <${h.link}|Open>` : ''}`;

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
    text: `${record.phoneNumber} (${record.profile.name}) is ONLINE`,
    blocks: [
      section(`:large_green_circle: *${senderTitle(record)}* is *ONLINE* and can send WhatsApp messages.`),
      fields([
        ['Customer', escapeText(customerName)],
        ['Quality rating', record.qualityRating ?? '— (not reported yet)'],
        ['Messaging limit', record.messagingLimit ?? '— (not reported yet)'],
        ['Sender SID', record.sid ?? '—'],
      ]),
    ],
  };
}

/** The buttons of an incident's alert and of its reminders. */
export function incidentActions(record: SenderRecord, options: { takeable: boolean }) {
  const console = button('Open in Twilio Console', ACTION.openConsole, record.id);
  console.url = TWILIO_CONSOLE_SENDERS;
  return actions('stuck_actions', [
    ...(options.takeable ? [button('I’m on it', ACTION.takeAlert, record.id, 'primary')] : []),
    button('Re-check now', ACTION.recheck, record.id, options.takeable ? undefined : 'primary'),
    button('Snooze 1 h', ACTION.snooze, `${record.id}|60`),
    button('Snooze 4 h', ACTION.snooze, `${record.id}|240`),
    button('Snooze 24 h', ACTION.snooze, `${record.id}|1440`),
    console,
  ]);
}

const reasonLine = (r: ReasonHint) =>
  `• *${escapeText(r.code)}* ${escapeText(r.message)}\n   _${r.meaning}_ Next: ${r.next} <${r.link}|About ${escapeText(r.code)}>`;

/** Twilio's offline reasons, each with its meaning and next step. */
export function reasonsSection(reasons: ReasonHint[]): KnownBlock {
  return section(
    clip(reasons.length ? `*Why, per Twilio*\n${reasons.map(reasonLine).join('\n')}` : '*Why, per Twilio*\nTwilio gives no offline reason.', 3000),
  );
}

/** The error-log entries that match the sender, at most eight of them. */
export function errorLogSection(errorLog: AlertWire[], emptyText: string): KnownBlock {
  const logLines = errorLog
    .slice(0, 8)
    .map(
      (a) => `• *${a.error_code ?? '?'}* ${a.date_created ?? ''} ${escapeText(clip(a.alert_text ?? '', 200))}${a.more_info ? ` <${a.more_info}|docs>` : ''}`,
    );
  if (errorLog.length > 8) logLines.push(`…and ${errorLog.length - 8} more in the error log`);
  return section(clip(logLines.length ? `*Error log for this number*\n${logLines.join('\n')}` : `*Error log for this number*\n${emptyText}`, 3000));
}

/** The one alert for a sender in one status too long (or at once in DRAFT and STUBBED), with the hints for that status. */
export function stuckAlert(record: SenderRecord, customerName: string, since: number, reasons: ReasonHint[], errorLog: AlertWire[], now: number): SlackPost {
  const status = record.status ?? 'OFFLINE';
  const meaning = STATUS_MEANINGS[status];
  const whatToDo = meaning?.next?.(record.path);
  const blocks: KnownBlock[] = [
    section(
      `:red_circle: *${senderTitle(record)}* has been *${escapeText(status)}* since ${timeText(since, now)}${WILL_NOT_MOVE.has(status) ? ' and will not move by itself' : ''}.\nCustomer: ${escapeText(customerName)} · Sender SID \`${record.sid ?? '—'}\``,
    ),
  ];
  if (meaning && status !== 'OFFLINE')
    blocks.push(section(clip(`*What it means*: ${meaning.meaning(record.path)}${whatToDo ? `\n*What to do*: ${whatToDo}` : ''}`, 3000)));
  if (status === 'OFFLINE' || reasons.length) blocks.push(reasonsSection(reasons));
  blocks.push(errorLogSection(errorLog, 'No entries since the sender was created.'));
  const hints = meaning?.stuckHints(record.path) ?? OFFLINE_CHECKLIST;
  if (hints.length) blocks.push(section(clip(`*Checklist*\n${hints.map(hint).join('\n')}`, 3000)));
  blocks.push(incidentActions(record, { takeable: true }));
  // Meta rejected the display name: the alert offers a new one.
  if (reasons.some((r) => REJECTED_NAME_CODES.has(r.code)))
    blocks.push(actions('name_actions', [button('Change display name', ACTION.changeName, record.id, 'primary')]));
  blocks.push(context('In the Console, switch to the customer’s subaccount to see its senders.'));
  return { text: `${record.phoneNumber} is stuck ${status}`, blocks };
}

/** A reminder in the incident alert's thread; once someone took the alert, it is for that person only. */
export function stuckReminder(record: SenderRecord, since: number, now: number, takenBy?: string): SlackPost {
  const status = record.status ?? 'OFFLINE';
  const who = takenBy ? `<@${takenBy}> ` : '';
  return {
    text: `${takenBy ? `<@${takenBy}> ` : ''}Reminder: ${record.phoneNumber} is still ${status}`,
    blocks: [
      section(
        `:alarm_clock: ${who}Reminder: *${senderTitle(record)}* is still *${status}* (since ${timeText(since, now)}). Work through the hints above, or snooze.`,
      ),
      incidentActions(record, { takeable: false }),
    ],
  };
}

/** What the stuck alert becomes once the sender leaves OFFLINE. */
export function recoveredAlert(record: SenderRecord, at: number, now: number): SlackPost {
  const good = record.state === 'online';
  const incident = record.watch?.stuckAlert;
  const blocks: KnownBlock[] = [
    section(
      good
        ? `:white_check_mark: *${senderTitle(record)}* recovered: *ONLINE* since ${timeText(at, now)}.`
        : `:information_source: *${senderTitle(record)}* left OFFLINE: now *${record.status}* (${timeText(at, now)}).`,
    ),
  ];
  if (incident?.kind === 'drop') blocks.push(context(`It had dropped from ONLINE at ${timeText(Date.parse(incident.postedAt), now)}.`));
  if (incident?.takenBy) blocks.push(takenContext(incident.takenBy, incident.takenAt, now));
  return { text: `${record.phoneNumber} recovered: ${record.status}`, blocks };
}

/** Who took the alert, and when. */
export const takenContext = (user: string, at: string | undefined, now: number) =>
  context(`:raising_hand: <@${user}> is on it${at ? ` since ${timeText(Date.parse(at), now)}` : ''}.`);

/** The alert as shown, with "I’m on it" replaced by who took it. */
export function takenAlertBlocks(shown: KnownBlock[], user: string, at: number, now: number): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (const block of shown) {
    if (block.type === 'context' && block.block_id === TAKEN_BLOCK) continue;
    if (block.type === 'actions') {
      blocks.push({ ...block, elements: block.elements.filter((e) => !('action_id' in e) || e.action_id !== ACTION.takeAlert) });
      blocks.push({ ...takenContext(user, new Date(at).toISOString(), now), block_id: TAKEN_BLOCK });
    } else blocks.push(block);
  }
  return blocks;
}

const TAKEN_BLOCK = 'taken_by';

/** For a sender waiting for its code too long. */
export function codeReminder(record: SenderRecord, waitedMinutes: number): SlackPost {
  const blocks: KnownBlock[] = [
    section(`:hourglass: *${senderTitle(record)}* has waited ${durationText(Math.max(1, Math.round(waitedMinutes)) * 60_000)} for its code.`),
    section(clip(`*If the code does not arrive*\n${CODE_HINTS.map(hint).join('\n')}`, 3000)),
  ];
  const buttons = senderButtons(record).filter((b) => b.action_id !== ACTION.abandon);
  if (buttons.length) blocks.push(actions('code_actions', buttons));
  return { text: `${record.phoneNumber} is waiting for its code`, blocks };
}
