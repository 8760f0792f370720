import type { KnownBlock } from '@slack/types';
import type { SenderRecord } from '../store/schema.js';
import { actions, button, clip, section } from './blocks.js';
import { ACTION } from './ids.js';
import { offlineReasonLines, senderTitle, statusLine } from './sender-summary.js';

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
      section(`Delete *${senderTitle(record)}* (\`${record.sid}\`) in Twilio?\n${statusLine(record, now)}`),
      ...(reasons.length ? [section(clip(`*Offline reasons*\n${reasons.join('\n')}`, 3000))] : []),
      actions('delete_actions', [del]),
    ],
  };
}
