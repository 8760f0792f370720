import type { KnownBlock } from '@slack/types';
import { onboardCommand } from '../senders/customers/waba.js';
import type { Customer } from '../store/schema.js';
import { clip, context, section } from './blocks.js';

export function customersMessage(customers: Customer[], command: string): { text: string; blocks: KnownBlock[] } {
  if (customers.length === 0) {
    return { text: 'No customers yet.', blocks: [section(`No customers yet. Add one with \`${command} customer add <name> [AC sid] [waba <id>]\`.`)] };
  }
  const lines = customers.map(
    (c) =>
      `• *${c.name.replace(/[<>&*]/g, '')}* · \`${c.accountSid}\` · ${c.wabaId ? `WABA ${c.wabaId}` : `no WABA yet: run \`${onboardCommand(command, c.name.replace(/[<>&*]/g, ''))}\``}${c.createdSubaccount ? ' · subaccount created by the bot' : ''}`,
  );
  const chunks: string[] = [];
  for (const line of lines) {
    if (chunks.length && chunks.at(-1)!.length + line.length + 1 < 2900) chunks[chunks.length - 1] += `\n${line}`;
    else chunks.push(line);
  }
  const blocks: KnownBlock[] = [section(`*Customers (${customers.length})*`), ...chunks.slice(0, 45).map((c) => section(clip(c, 3000)))];
  if (chunks.length > 45) blocks.push(context('The list is cut here; Slack shows at most 50 blocks in a message.'));
  return { text: `Customers: ${customers.length}`, blocks };
}
