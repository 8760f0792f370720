import type { Button, KnownBlock } from '@slack/types';
import type { SenderRecord } from '../store/schema.js';
import { actions, button, clip, context, fields, section } from './blocks.js';
import { ACTION } from './ids.js';
import { metaBlocks } from './meta-view.js';
import { nameChangeLine } from './name-verdicts.js';
import { migrateButton, retryButton } from './retry-advice.js';
import { offlineReasonLines, pathLabel, senderTitle, statusLine, statusLook } from './sender-summary.js';
import { slackTime } from './time-text.js';

export interface SenderMessage {
  text: string;
  blocks: KnownBlock[];
}

/** The one channel message per registration, updated in place as the sender moves on. */
export function senderMessage(
  record: SenderRecord,
  customerName: string,
  note: string | undefined,
  now: number,
  extras: { codeRequestsLeft?: number } = {},
): SenderMessage {
  const blocks: KnownBlock[] = [
    section(`*WhatsApp sender ${senderTitle(record)}*`),
    fields([
      ['Customer', customerName],
      ['Verification', pathLabel(record)],
      ['Requested by', `<@${record.requestedBy}>`],
      ['Sender SID', record.sid ?? '(not created yet)'],
    ]),
    section(statusLine(record, now), 'status'),
    ...metaBlocks(record.meta, now),
  ];
  const incident = record.watch?.stuckAlert;
  if (incident?.kind === 'drop' && !incident.recoveredAt)
    blocks.push(
      section(
        `:rotating_light: *Dropped from online* (seen ${slackTime(Date.parse(incident.postedAt), now)})${incident.takenBy ? ` · <@${incident.takenBy}> is on it` : ''}`,
        'incident',
      ),
    );
  const nameChange = nameChangeLine(record, now);
  if (nameChange) blocks.push(section(nameChange, 'name_change'));
  const reasons = offlineReasonLines(record);
  if (reasons.length) blocks.push(section(clip(`*Offline reasons*\n${reasons.join('\n')}`, 3000)));
  if (record.lastError)
    blocks.push(section(`:warning: ${record.lastError.code ? `Error ${record.lastError.code}: ` : ''}${clip(record.lastError.message, 2500)}`));
  if (record.dismissed) blocks.push(context(`Dismissed by <@${record.dismissed.by}>; *Retry* still sends it again.`));
  if (note) blocks.push(context(note));
  const buttons = senderButtons(record);
  if (buttons.length) blocks.push(actions('sender_actions', buttons));
  const counts = record.otp.codeAttempts || record.otp.resends ? [`Codes tried ${record.otp.codeAttempts}, resent ${record.otp.resends}`] : [];
  const left = extras.codeRequestsLeft === undefined ? [] : [codeRequestsLeftText(extras.codeRequestsLeft)];
  if (counts.length || left.length) blocks.push(context([...counts, ...left].join(' · ')));
  return { text: `WhatsApp sender ${record.phoneNumber}: ${statusLook(record, now).word}`, blocks };
}

/** Meta counts code requests per number, whichever registration asked. */
const codeRequestsLeftText = (left: number): string =>
  left === 0
    ? 'no code request left for this number (Meta’s 7-day limit): type the code you have'
    : `${left} code request${left === 1 ? '' : 's'} left for this number (Meta’s 7-day limit)`;

export function senderButtons(record: SenderRecord): Button[] {
  const out: Button[] = [];
  if (record.state === 'awaiting_code') {
    out.push(button('Enter code', ACTION.enterCode, record.id, 'primary'));
    if (record.path !== 'watched') out.push(button('Resend code', ACTION.resend, record.id));
    if (record.path === 'external_sms') out.push(button('Switch to voice', ACTION.switchToVoice, record.id));
  }
  if (record.state === 'failed') {
    // A number on WhatsApp already is sent again only through Migrate's checklist.
    out.push(migrateButton(record) ?? retryButton(record));
    if (!record.dismissed) out.push(button('Dismiss', ACTION.dismiss, record.id));
  }
  if (record.state === 'online') out.push(button('Change display name', ACTION.changeName, record.id));
  if (record.sid && (record.status === 'ONLINE' || record.status === 'OFFLINE') && record.state !== 'abandoned')
    out.push(button('Edit profile', ACTION.editProfile, record.id));
  if (record.state !== 'online' && record.state !== 'abandoned' && record.state !== 'failed') {
    out.push(button('Check status', ACTION.recheck, record.id));
    const abandon = button('Abandon', ACTION.abandon, record.id);
    abandon.confirm = {
      title: { type: 'plain_text', text: 'Abandon registration?' },
      text: { type: 'mrkdwn', text: abandonText(record) },
      confirm: { type: 'plain_text', text: 'Abandon' },
      deny: { type: 'plain_text', text: 'Keep going' },
      style: 'danger',
    };
    out.push(abandon);
  }
  return out;
}

/** What Abandon does; only a Twilio number whose calls the bot forwards has voice settings to get back. */
const abandonText = (record: SenderRecord): string =>
  `The bot stops helping with ${record.phoneNumber}.${record.path === 'twilio_voice' ? ' Its calls go back to the number’s own voice settings.' : ''}`;
