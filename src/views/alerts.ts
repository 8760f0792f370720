import type { KnownBlock } from '@slack/types';
import type { SenderRecord } from '../store/schema.js';
import type { AlertWire } from '../twilio/wire.js';
import { actions, button, clip, context, escapeText, fields, section } from './blocks.js';
import { ACTION } from './ids.js';
import { senderButtons } from './sender-message.js';
import { senderTitle, statusEmoji, statusLine } from './sender-summary.js';
import { timeText } from './time-text.js';
import { CODE_HINTS, type Hint, OFFLINE_CHECKLIST, type ReasonHint } from './troubleshooting.js';

export interface SlackPost {
  text: string;
  blocks: KnownBlock[];
}

export const TWILIO_CONSOLE_SENDERS = 'https://console.twilio.com/us1/develop/sms/senders/whatsapp-senders';

const hint = (h: Hint) => `• *${h.title}*: ${h.detail}${h.link ? ` <${h.link}|Open>` : ''}`;

/** A status change seen now, posted in the thread of the sender's registration message. */
export function statusChangeNote(record: SenderRecord, from: string | undefined, to: string, now: number): SlackPost {
  return {
    text: `${record.phoneNumber}: ${from ?? 'new'} → ${to}`,
    blocks: [section(`${statusEmoji(to)} Status ${from ?? '(new)'} → *${to}* at ${timeText(now, now)}`), section(statusLine(record))],
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

function stuckActions(record: SenderRecord) {
  const console = button('Open in Twilio Console', ACTION.openConsole, record.id);
  console.url = TWILIO_CONSOLE_SENDERS;
  return actions('stuck_actions', [
    button('Re-check now', ACTION.recheck, record.id, 'primary'),
    button('Snooze 1 h', ACTION.snooze, `${record.id}|60`),
    button('Snooze 4 h', ACTION.snooze, `${record.id}|240`),
    button('Snooze 24 h', ACTION.snooze, `${record.id}|1440`),
    console,
  ]);
}

/** The one alert for a sender OFFLINE too long, with the hints tailored to it. */
export function stuckAlert(record: SenderRecord, customerName: string, since: number, reasons: ReasonHint[], errorLog: AlertWire[], now: number): SlackPost {
  const blocks: KnownBlock[] = [
    section(
      `:red_circle: *${senderTitle(record)}* has been *OFFLINE* since ${timeText(since, now)}.\nCustomer: ${escapeText(customerName)} · Sender SID \`${record.sid ?? '—'}\``,
    ),
  ];
  const reasonLines = reasons.map(
    (r) => `• *${escapeText(r.code)}* ${escapeText(r.message)}\n   _${r.meaning}_ Next: ${r.next} <${r.link}|About ${escapeText(r.code)}>`,
  );
  blocks.push(section(clip(reasonLines.length ? `*Why, per Twilio*\n${reasonLines.join('\n')}` : '*Why, per Twilio*\nTwilio gives no offline reason.', 3000)));
  const logLines = errorLog
    .slice(0, 8)
    .map(
      (a) => `• *${a.error_code ?? '?'}* ${a.date_created ?? ''} ${escapeText(clip(a.alert_text ?? '', 200))}${a.more_info ? ` <${a.more_info}|docs>` : ''}`,
    );
  if (errorLog.length > 8) logLines.push(`…and ${errorLog.length - 8} more in the error log`);
  blocks.push(
    section(
      clip(
        logLines.length ? `*Error log for this number*\n${logLines.join('\n')}` : '*Error log for this number*\nNo entries since the sender was created.',
        3000,
      ),
    ),
  );
  blocks.push(section(clip(`*Checklist*\n${OFFLINE_CHECKLIST.map(hint).join('\n')}`, 3000)));
  blocks.push(stuckActions(record));
  blocks.push(context('In the Console, switch to the customer’s subaccount to see its senders.'));
  return { text: `${record.phoneNumber} is stuck OFFLINE`, blocks };
}

export function stuckReminder(record: SenderRecord, since: number, now: number): SlackPost {
  return {
    text: `Reminder: ${record.phoneNumber} is still OFFLINE`,
    blocks: [
      section(`:alarm_clock: Reminder: *${senderTitle(record)}* is still *OFFLINE* (since ${timeText(since, now)}). Work through the hints above, or snooze.`),
      stuckActions(record),
    ],
  };
}

/** What the stuck alert becomes once the sender leaves OFFLINE. */
export function recoveredAlert(record: SenderRecord, at: number, now: number): SlackPost {
  const good = record.state === 'online';
  return {
    text: `${record.phoneNumber} recovered: ${record.status}`,
    blocks: [
      section(
        good
          ? `:white_check_mark: *${senderTitle(record)}* recovered: *ONLINE* since ${timeText(at, now)}.`
          : `:information_source: *${senderTitle(record)}* left OFFLINE: now *${record.status}* (${timeText(at, now)}).`,
      ),
    ],
  };
}

/** For a sender waiting for its code too long. */
export function codeReminder(record: SenderRecord, waitedMinutes: number): SlackPost {
  const blocks: KnownBlock[] = [
    section(`:hourglass: *${senderTitle(record)}* has waited ${Math.round(waitedMinutes)} min for its code.`),
    section(clip(`*If the code does not arrive*\n${CODE_HINTS.map(hint).join('\n')}`, 3000)),
  ];
  const buttons = senderButtons(record).filter((b) => b.action_id !== ACTION.abandon);
  if (buttons.length) blocks.push(actions('code_actions', buttons));
  return { text: `${record.phoneNumber} is waiting for its code`, blocks };
}
