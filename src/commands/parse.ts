import { LONGEST } from '../senders/input-limits.js';
import type { NumberSearch } from '../senders/numbers/search.js';
import { type ListFilterWords, parseListFilter } from './parse-list.js';
import { parseNumbersSearch } from './parse-numbers.js';

export type ParsedCommand =
  | { name: 'register' }
  | { name: 'status'; target: string }
  | { name: 'list'; filter: ListFilterWords }
  | { name: 'help'; topic?: string }
  | { name: 'customers' }
  | { name: 'customer_add'; customerName: string; accountSid?: string; wabaId?: string }
  | { name: 'customer_onboard'; customer: string; create: boolean }
  | { name: 'customer_waba'; customer: string; wabaId: string }
  | { name: 'customer_meta'; customer: string }
  | { name: 'watch' | 'unwatch'; target: string }
  | { name: 'delete'; target: string }
  | { name: 'rename'; target: string; newName: string }
  | { name: 'profile'; target: string }
  | { name: 'channel_show' }
  | { name: 'channel_bind'; customer: string }
  | { name: 'channel_unbind' }
  | { name: 'bulk' }
  | { name: 'bulk_status' }
  | { name: 'bulk_control'; control: 'pause' | 'resume' | 'cancel' }
  | { name: 'bulk_update' }
  | { name: 'bulk_update_status' }
  | { name: 'bulk_update_control'; control: 'pause' | 'resume' | 'cancel' }
  | { name: 'numbers_search'; search: NumberSearch }
  | { name: 'export'; customer?: string }
  | { name: 'invalid'; message: string };

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
/** `rename`, then a sender SID or a phone number (digits, spaces and + ( ) - .), then the name: the rest of the line. */
const RENAME = /^\s*rename\s+(XE[0-9a-fA-F]{32}|[+(]?[\d()\-.\s]*\d)\s+(\S.*)$/is;

/** Splits on spaces, keeping "quoted words" (straight or Slack's curly quotes) together. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /["“”]([^"“”]*)["“”]|(\S+)/g;
  for (const match of text.matchAll(pattern)) tokens.push(match[1] ?? match[2] ?? '');
  return tokens.filter((t) => t.length > 0);
}

/** Turns the text after the slash command into a subcommand; never throws. */
export function parseCommand(text: string, command: string): ParsedCommand {
  if (text.length > LONGEST.command) {
    return {
      name: 'invalid',
      message: `That is ${text.length.toLocaleString('en')} characters; a command is at most ${LONGEST.command.toLocaleString('en')}. Try \`${command} help\`.`,
    };
  }
  const tokens = tokenize(text.trim());
  const [head, ...rest] = tokens;
  const sub = (head ?? 'help').toLowerCase();
  switch (sub) {
    case 'register':
      return { name: 'register' };
    case 'status': {
      const target = rest.join(' ').trim();
      if (!target) return { name: 'invalid', message: `Say which sender: \`${command} status +14155550100\` or \`${command} status XE…\` (its SID).` };
      return { name: 'status', target };
    }
    case 'watch':
    case 'unwatch': {
      const target = rest.join(' ').trim();
      if (!target) return { name: 'invalid', message: `Say which sender: \`${command} ${sub} +14155550100\` or \`${command} ${sub} XE…\`.` };
      return { name: sub, target };
    }
    case 'delete': {
      const target = rest.join(' ').trim();
      if (!target) return { name: 'invalid', message: `Say which sender: \`${command} delete +14155550100\` or \`${command} delete XE…\`.` };
      return { name: 'delete', target };
    }
    case 'profile': {
      const target = rest.join(' ').trim();
      if (!target) return { name: 'invalid', message: `Say which sender: \`${command} profile +14155550100\` or \`${command} profile XE…\` (its SID).` };
      return { name: 'profile', target };
    }
    case 'rename': {
      const match = RENAME.exec(text);
      if (!match) {
        return {
          name: 'invalid',
          message: `Say which sender and the new name: \`${command} rename +14155550100 Acme Market\` (put the name in quotes when it starts with a digit).`,
        };
      }
      return { name: 'rename', target: match[1]!.trim(), newName: match[2]!.trim() };
    }
    case 'channel': {
      const [verb, ...args] = rest;
      if (!verb) return { name: 'channel_show' };
      if (verb.toLowerCase() === 'unbind') return { name: 'channel_unbind' };
      if (verb.toLowerCase() === 'bind' && args.length) return { name: 'channel_bind', customer: args.join(' ') };
      return {
        name: 'invalid',
        message: `Use \`${command} channel bind <customer>\`, \`${command} channel unbind\`, or \`${command} channel\` to see the binding.`,
      };
    }
    case 'bulk': {
      const verb = rest[0]?.toLowerCase();
      if (!verb) return { name: 'bulk' };
      if (verb === 'status') return { name: 'bulk_status' };
      if (verb === 'pause' || verb === 'resume' || verb === 'cancel') return { name: 'bulk_control', control: verb };
      if (verb === 'update') {
        const control = rest[1]?.toLowerCase();
        if (!control) return { name: 'bulk_update' };
        if (control === 'status') return { name: 'bulk_update_status' };
        if (control === 'pause' || control === 'resume' || control === 'cancel') return { name: 'bulk_update_control', control };
        return {
          name: 'invalid',
          message: `Use \`${command} bulk update\` to upload a CSV of changes, or \`${command} bulk update status | pause | resume | cancel\`.`,
        };
      }
      return {
        name: 'invalid',
        message: `Use \`${command} bulk\` to upload a CSV, \`${command} bulk status | pause | resume | cancel\`, or \`${command} bulk update\` to change senders already registered.`,
      };
    }
    case 'numbers':
      return parseNumbersSearch(rest, command);
    case 'export':
      return { name: 'export', customer: rest.join(' ').trim() || undefined };
    case 'list':
      return parseListFilter(text, command);
    case 'help':
      return rest.length ? { name: 'help', topic: rest.join(' ') } : { name: 'help' };
    case 'customers':
      return { name: 'customers' };
    case 'customer': {
      const [verb, ...words] = rest;
      if (verb?.toLowerCase() === 'onboard') return parseOnboard(words, command);
      if (verb?.toLowerCase() === 'waba') {
        if (words.length < 2)
          return { name: 'invalid', message: `Say which customer and its WABA ID: \`${command} customer waba "Acme Corp" 104567891234567\`.` };
        return { name: 'customer_waba', customer: words.slice(0, -1).join(' '), wabaId: words.at(-1)! };
      }
      if (verb?.toLowerCase() === 'meta') {
        const customer = words.join(' ').trim();
        if (!customer) return { name: 'invalid', message: `Say which customer: \`${command} customer meta "Acme Corp"\`.` };
        return { name: 'customer_meta', customer };
      }
      if (verb?.toLowerCase() !== 'add') {
        return {
          name: 'invalid',
          message: `Use \`${command} customer add <name> [AC sid] [waba <id>]\`, e.g. \`${command} customer add "Acme Corp"\`, \`${command} customer waba <customer> <WABA ID>\`, \`${command} customer onboard <customer>\` for its Embedded Signup link, or \`${command} customer meta <customer>\` to give the bot Meta's view of its WABA.`,
        };
      }
      const wabaAt = words.length - 2;
      const wabaId = wabaAt >= 0 && words[wabaAt]!.toLowerCase() === 'waba' ? words[wabaAt + 1] : undefined;
      const args = wabaId === undefined ? words : words.slice(0, wabaAt);
      const last = args.at(-1);
      const accountSid = last && ACCOUNT_SID.test(last) ? last : undefined;
      const nameParts = accountSid ? args.slice(0, -1) : args;
      const customerName = nameParts.join(' ').trim();
      if (last && /^AC[0-9a-fA-F]+$/.test(last) && !accountSid) {
        return {
          name: 'invalid',
          message: `"${last.slice(0, 40)}" is not an account SID: it is AC followed by 32 hex characters. Copy it from the Twilio Console.`,
        };
      }
      if (!customerName) return { name: 'invalid', message: `Give the customer a name: \`${command} customer add "Acme Corp" [AC sid]\`.` };
      if (customerName.length > 64) return { name: 'invalid', message: 'Keep the customer name to 64 characters (Twilio’s limit for account names).' };
      return { name: 'customer_add', customerName, accountSid, wabaId };
    }
    default:
      return { name: 'invalid', message: `\`${sub.slice(0, 40)}\` is not a subcommand. Try \`${command} help\` for the list.` };
  }
}

/** `customer onboard <customer>`, or `customer onboard new <name>` for a customer not yet known. */
function parseOnboard(args: string[], command: string): ParsedCommand {
  const create = args[0]?.toLowerCase() === 'new' && args.length > 1;
  const customer = (create ? args.slice(1) : args).join(' ').trim();
  if (!customer) {
    return {
      name: 'invalid',
      message: `Say which customer: \`${command} customer onboard "Acme Corp"\`, or \`${command} customer onboard new "Acme Corp"\` for a new one.`,
    };
  }
  if (customer.length > 64) return { name: 'invalid', message: 'Keep the customer name to 64 characters (Twilio’s limit for account names).' };
  return { name: 'customer_onboard', customer, create };
}
