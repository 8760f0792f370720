import type { KnownBlock } from '@slack/types';
import type { SenderRecord } from '../store/schema.js';
import { actions, button, clip, section } from './blocks.js';
import { ACTION } from './ids.js';
import { offlineReasonLines, senderTitle, statusLook } from './sender-summary.js';
import { explainStatus } from './status-guide.js';

/** Where the sender stands, without the next steps of its own message: here the one choice is to delete it or not. */
function standing(record: SenderRecord, now: number): string {
  const look = statusLook(record, now);
  return `${look.emoji} *${look.word}*: ${explainStatus(record, now).now}`;
}

export function deleteConfirmation(record: SenderRecord, now = Date.parse(record.updatedAt)): { text: string; blocks: KnownBlock[] } {
  const reasons = offlineReasonLines(record);
  const del = button('Delete in Twilio', ACTION.deleteSender, `${record.accountSid}|${record.sid}`, 'danger');
  del.confirm = {
    title: { type: 'plain_text', text: 'Delete this sender?' },
    text: { type: 'mrkdwn', text: `${record.phoneNumber} stops being a WhatsApp sender. This cannot be undone.` },
    confirm: { type: 'plain_text', text: 'Delete' },
    deny: { type: 'plain_text', text: 'Keep it' },
    style: 'danger',
  };
  return {
    text: `Delete ${record.phoneNumber}?`,
    blocks: [
      section(`Delete *${senderTitle(record)}* (\`${record.sid}\`) in Twilio?\n${standing(record, now)}`),
      ...(reasons.length ? [section(clip(`*Offline reasons*\n${reasons.join('\n')}`, 3000))] : []),
      actions('delete_actions', [del]),
    ],
  };
}
