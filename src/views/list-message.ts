import type { KnownBlock } from '@slack/types';
import type { ShownStatusGroup } from '../store/repositories.js';
import type { SenderRecord } from '../store/schema.js';
import { clip, context, header, section } from './blocks.js';
import { qualityLine } from './quality.js';
import { statusEmoji } from './sender-summary.js';
import { statusWord } from './status-meanings.js';

export const MAX_PER_GROUP = 15;
const MAX_GROUPS = 20;

/** `list`: tracked senders grouped by Twilio status, needing-attention groups first; `groups` hold at least MAX_PER_GROUP records each where there are that many. */
export function listMessage(groups: ShownStatusGroup[], customerName: (r: SenderRecord) => string, command: string): { text: string; blocks: KnownBlock[] } {
  const total = groups.reduce((sum, group) => sum + group.count, 0);
  if (total === 0) {
    return { text: 'No senders tracked yet.', blocks: [section(`No senders tracked yet. Start one with \`${command} register\`.`)] };
  }
  const order = ['PENDING_VERIFICATION', 'OFFLINE', 'FAILED', 'CREATING', 'VERIFYING', 'ONLINE'];
  const sorted = [...groups].sort((a, b) => rank(order, a.status) - rank(order, b.status) || a.status.localeCompare(b.status));
  const blocks: KnownBlock[] = [header(`WhatsApp senders (${total})`)];
  for (const group of sorted.slice(0, MAX_GROUPS)) {
    const lines = group.first
      .slice(0, MAX_PER_GROUP)
      .map(
        (r) =>
          `• ${r.phoneNumber} · ${r.profile.name.replace(/[<>&]/g, '')} · ${customerName(r)}${r.sid ? ` · \`${r.sid}\`` : ''}${r.state === 'online' ? ` · ${qualityLine(r)}` : ''}`,
      );
    if (group.count > MAX_PER_GROUP) lines.push(`…and ${group.count - MAX_PER_GROUP} more`);
    blocks.push(section(clip(`${statusEmoji(group.status)} *${statusWord(group.status)}* (${group.count})\n${lines.join('\n')}`, 3000)));
  }
  blocks.push(context(`Details of one sender: \`${command} status <number or XE sid>\``));
  const summary = sorted.map((group) => `${statusWord(group.status)} ${group.count}`).join(', ');
  return { text: `WhatsApp senders: ${summary}`, blocks };
}

const rank = (order: string[], key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
