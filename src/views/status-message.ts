import type { KnownBlock } from '@slack/types';
import type { SenderRecord } from '../store/schema.js';
import { actions, clip, context, fields, section } from './blocks.js';
import { metaBlocks } from './meta-view.js';
import { senderButtons } from './sender-message.js';
import { offlineReasonLines, pathLabel, senderTitle, statusLine, statusLook } from './sender-summary.js';
import { statusWord } from './status-meanings.js';
import { slackTime } from './time-text.js';

/** The answer to `/senders status`: where the sender stands, in plain words. */
export function statusMessage(record: SenderRecord, customerName: string, tracked: boolean, now: number): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [
    section(`*${senderTitle(record)}*`),
    section(statusLine(record, now)),
    ...metaBlocks(record.meta, now),
    fields([
      ['Quality rating', record.qualityRating ?? '— (known once online)'],
      ['Messaging limit', record.messagingLimit ?? '— (known once online)'],
      ['Customer', customerName],
      ['Sender SID', record.sid ?? '(not created yet)'],
      ['Verification', tracked ? pathLabel(record) : '— (registered outside the bot)'],
    ]),
  ];
  const reasons = offlineReasonLines(record);
  if (reasons.length) blocks.push(section(clip(`*Offline reasons*\n${reasons.join('\n')}`, 3000)));
  if (record.lastError) blocks.push(section(`:warning: ${clip(record.lastError.message, 2800)}`));
  const history = record.statusHistory.slice(-5).map((h) => `${statusWord(h.status, record)} ${slackTime(Date.parse(h.at), now)}`);
  if (history.length) blocks.push(context(clip(`History: ${history.join(' → ')}`, 3000)));
  const buttons = tracked ? senderButtons(record) : [];
  if (buttons.length) blocks.push(actions('status_actions', buttons));
  return { text: `${record.phoneNumber}: ${statusLook(record, now).word}`, blocks };
}
