import type { KnownBlock } from '@slack/types';
import type { SenderRecord } from '../store/schema.js';
import { clip, context, header, section } from './blocks.js';
import { qualityLine } from './quality.js';
import { displayStatus, statusEmoji } from './sender-summary.js';

const MAX_PER_GROUP = 15;
const MAX_GROUPS = 20;

/** `list`: tracked senders grouped by Twilio status, needing-attention groups first. */
export function listMessage(records: SenderRecord[], customerName: (r: SenderRecord) => string, command: string): { text: string; blocks: KnownBlock[] } {
  if (records.length === 0) {
    return { text: 'No senders tracked yet.', blocks: [section(`No senders tracked yet. Start one with \`${command} register\`.`)] };
  }
  const groups = new Map<string, SenderRecord[]>();
  for (const r of records) {
    const key = displayStatus(r);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const order = ['PENDING_VERIFICATION', 'OFFLINE', 'FAILED', 'CREATING', 'VERIFYING', 'ONLINE'];
  const keys = [...groups.keys()].sort((a, b) => rank(order, a) - rank(order, b));
  const blocks: KnownBlock[] = [header(`WhatsApp senders (${records.length})`)];
  for (const key of keys.slice(0, MAX_GROUPS)) {
    const items = groups.get(key)!;
    const lines = items
      .slice(0, MAX_PER_GROUP)
      .map(
        (r) =>
          `• ${r.phoneNumber} · ${r.profile.name.replace(/[<>&]/g, '')} · ${customerName(r)}${r.sid ? ` · \`${r.sid}\`` : ''}${r.state === 'online' ? ` · ${qualityLine(r)}` : ''}`,
      );
    if (items.length > MAX_PER_GROUP) lines.push(`…and ${items.length - MAX_PER_GROUP} more`);
    blocks.push(section(clip(`${statusEmoji(key)} *${key}* (${items.length})\n${lines.join('\n')}`, 3000)));
  }
  blocks.push(context(`Details of one sender: \`${command} status <number or XE sid>\``));
  const summary = keys.map((k) => `${k} ${groups.get(k)!.length}`).join(', ');
  return { text: `WhatsApp senders: ${summary}`, blocks };
}

const rank = (order: string[], key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
