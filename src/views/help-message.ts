import type { KnownBlock } from '@slack/types';
import { header, section } from './blocks.js';

export const SUBCOMMANDS: { usage: string; example: string; what: string }[] = [
  { usage: 'register', example: 'register', what: 'Open the form to register a WhatsApp sender for a customer.' },
  {
    usage: 'status <number or XE sid>',
    example: 'status +1 415 555 0100',
    what: 'Fetch a sender from Twilio: status, quality, limit, offline reasons, next step.',
  },
  { usage: 'list', example: 'list', what: 'The senders the bot tracks, grouped by status.' },
  {
    usage: 'watch <number or XE sid>',
    example: 'watch XE0123456789abcdef0123456789abcdef',
    what: 'Watch a sender registered elsewhere (Console, API) until it is online, with alerts.',
  },
  { usage: 'unwatch <number or XE sid>', example: 'unwatch +1 415 555 0100', what: 'Stop watching a sender: no more checks or alerts.' },
  { usage: 'bulk', example: 'bulk', what: 'Register many senders from a CSV, across customers, paced the way Twilio asks.' },
  { usage: 'bulk status | pause | resume | cancel', example: 'bulk status', what: 'Where the current bulk run stands; pause, resume or cancel it.' },
  {
    usage: 'rename <number or XE sid> <new name>',
    example: 'rename +1 415 555 0100 Acme Market',
    what: "Change a sender's display name (checked as at registration; Meta reviews it and the verdict is posted in its thread).",
  },
  { usage: 'delete <number or XE sid>', example: 'delete +1 415 555 0100', what: 'Delete a sender in Twilio, after a confirmation.' },
  {
    usage: 'channel bind <customer> | unbind',
    example: 'channel bind "Acme Corp"',
    what: "Bind this channel to one customer: here, commands and buttons see and act on that customer's senders only.",
  },
  {
    usage: 'customer add <name> [AC sid] [waba <id>]',
    example: 'customer add "Acme Corp" AC0123456789abcdef0123456789abcdef',
    what: "Record a customer: link its subaccount (its WABA is read from its senders), or create one when no SID is given. `waba <id>` gives the customer's WhatsApp Business Account.",
  },
  {
    usage: 'customer onboard <customer> | new <name>',
    example: 'customer onboard new "Acme Corp"',
    what: "Post a link for the customer's Meta Embedded Signup (one use, 60 minutes): it creates their WhatsApp Business Account and registers their first number. `new` adds the customer and its subaccount first.",
  },
  {
    usage: 'customer waba <customer> <WABA ID>',
    example: 'customer waba "Acme Corp" 104567891234567',
    what: "Record the customer's WhatsApp Business Account (WABA): every sender of the customer joins it. One WABA per Twilio account.",
  },
  { usage: 'customers', example: 'customers', what: 'The customers the bot knows, with their WABA.' },
  {
    usage: 'numbers search <country> [area code or digits] [sms|voice]',
    example: 'numbers search US 415 sms',
    what: 'Twilio numbers for sale, with their capabilities; Buy one into a customer’s subaccount, then register it.',
  },
  {
    usage: 'export [customer]',
    example: 'export "Acme Corp"',
    what: "A CSV of every sender (or one customer's), shared here: status, quality, limit, display name and dates.",
  },
  { usage: 'help', example: 'help', what: 'This list.' },
];

export function helpMessage(command: string): { text: string; blocks: KnownBlock[] } {
  const lines = SUBCOMMANDS.map((s) => `*\`${command} ${s.usage}\`*\n${s.what}\n_e.g._ \`${command} ${s.example}\``);
  return { text: `${command} help`, blocks: [header('WhatsApp sender bot'), section(lines.join('\n\n'))] };
}
