import type { KnownBlock } from '@slack/types';
import { context, header, section } from './blocks.js';

interface HelpCommand {
  usage: string;
  /** A few words for the overview. */
  short: string;
  /** The full explanation, shown in the command's topic. */
  what: string;
  example: string;
}

interface HelpTopic {
  /** What follows `help`; also matched by its other names. */
  topic: string;
  names: string[];
  title: string;
  /** What the topic is about, before its commands. */
  intro?: string;
  commands: HelpCommand[];
}

/** The commands grouped by task, in the order people meet them: onboarding first. */
export const HELP_TOPICS: HelpTopic[] = [
  {
    topic: 'onboarding',
    names: ['customers', 'customer', 'onboard'],
    title: 'Customers and onboarding',
    commands: [
      {
        usage: 'customer onboard <customer> | new <name>',
        short: 'signup link for a customer',
        example: 'customer onboard new "Acme Corp"',
        what: "Post a link for the customer's Meta Embedded Signup (one use, 60 minutes): it creates their WhatsApp Business Account and registers their first number. `new` adds the customer and its subaccount first.",
      },
      {
        usage: 'customer add <name> [AC sid] [waba <id>]',
        short: 'record a customer',
        example: 'customer add "Acme Corp" AC0123456789abcdef0123456789abcdef',
        what: "Record a customer: link its subaccount (its WABA is read from its senders), or create one when no SID is given. `waba <id>` gives the customer's WhatsApp Business Account.",
      },
      {
        usage: 'customer waba <customer> <WABA ID>',
        short: "record a customer's WABA",
        example: 'customer waba "Acme Corp" 104567891234567',
        what: "Record the customer's WhatsApp Business Account (WABA): every sender of the customer joins it. One WABA per Twilio account.",
      },
      { usage: 'customers', short: 'the customers the bot knows', example: 'customers', what: 'The customers the bot knows, with their WABA.' },
    ],
  },
  {
    topic: 'register',
    names: ['registration', 'rename', 'profile', 'delete'],
    title: 'Register',
    commands: [
      { usage: 'register', short: 'open the registration form', example: 'register', what: 'Open the form to register a WhatsApp sender for a customer.' },
      {
        usage: 'rename <number or XE sid> <new name>',
        short: 'change a display name',
        example: 'rename +1 415 555 0100 Acme Market',
        what: "Change a sender's display name (checked as at registration; Meta reviews it and the verdict is posted in its thread).",
      },
      {
        usage: 'profile <number or XE sid>',
        short: 'change a profile or webhooks',
        example: 'profile +1 415 555 0100',
        what: "Change a sender's profile (about, description, address, emails, websites, vertical, logo) or webhooks; only the fields you change are sent, and its thread notes who changed what.",
      },
      {
        usage: 'delete <number or XE sid>',
        short: 'delete a sender in Twilio',
        example: 'delete +1 415 555 0100',
        what: 'Delete a sender in Twilio, after a confirmation.',
      },
    ],
  },
  {
    topic: 'follow',
    names: ['status', 'list', 'watch'],
    title: 'Follow senders',
    commands: [
      {
        usage: 'status <number or XE sid>',
        short: 'one sender, from Twilio',
        example: 'status +1 415 555 0100',
        what: 'Fetch a sender from Twilio: status, quality, limit, offline reasons, next step.',
      },
      {
        usage: 'list [customer:<name>] [status:<status>]',
        short: 'the senders, by status',
        example: 'list customer:"Acme Corp" status:offline',
        what: 'The senders the bot tracks, grouped by status, a page at a time (*Next* and *Previous* buttons). `customer:` keeps one customer’s (part of its name is enough; `customer:main` for the main account), `status:` one status (online, offline, verifying, pending_verification, creating, failed).',
      },
      {
        usage: 'watch <number or XE sid>',
        short: 'follow a sender made elsewhere',
        example: 'watch XE0123456789abcdef0123456789abcdef',
        what: 'Watch a sender registered elsewhere (Console, API) until it is online, with alerts.',
      },
      {
        usage: 'unwatch <number or XE sid>',
        short: 'stop watching a sender',
        example: 'unwatch +1 415 555 0100',
        what: 'Stop watching a sender: no more checks or alerts.',
      },
    ],
  },
  {
    topic: 'numbers',
    names: ['number', 'buy'],
    title: 'Numbers',
    commands: [
      {
        usage: 'numbers search <country> [area code or digits] [sms|voice]',
        short: 'find and buy a Twilio number',
        example: 'numbers search US 415 sms',
        what: 'Twilio numbers for sale, with their capabilities and monthly price; Buy one into a customer’s subaccount, then register it.',
      },
    ],
  },
  {
    topic: 'bulk',
    names: ['csv'],
    title: 'Bulk',
    commands: [
      {
        usage: 'bulk',
        short: 'register many from a CSV',
        example: 'bulk',
        what: 'Register many senders from a CSV, across customers, paced the way Twilio asks.',
      },
      {
        usage: 'bulk status | pause | resume | cancel',
        short: 'the current run',
        example: 'bulk status',
        what: 'Where the current bulk run stands; pause, resume or cancel it.',
      },
      {
        usage: 'bulk update [status | pause | resume | cancel]',
        short: 'change senders from a CSV',
        example: 'bulk update',
        what: 'Change the profile or webhooks of senders already registered, from a CSV with a sid or number column plus any of about, description, address, emails, websites, vertical, logo_url, callback_url, callback_method, fallback_url, fallback_method, status_callback_url, status_callback_method (an empty cell keeps a value, - clears it). Moving your platform’s callback URL for every sender of every customer: a CSV of sid and callback_url (an export with a callback_url column added works as is). Previewed per customer, then paced like creates; the same command followed by status, pause, resume or cancel acts on the current one, and its results CSV comes in its thread.',
      },
    ],
  },
  {
    topic: 'admin',
    names: ['channel', 'export'],
    title: 'Admin',
    commands: [
      {
        usage: 'channel bind <customer> | unbind',
        short: 'tie this channel to one customer',
        example: 'channel bind "Acme Corp"',
        what: "Bind this channel to one customer: here, commands and buttons see and act on that customer's senders only. Typed alone, without bind or unbind, it says what this channel is bound to.",
      },
      {
        usage: 'export [customer]',
        short: 'a CSV of the senders',
        example: 'export "Acme Corp"',
        what: "A CSV of every sender (or one customer's), shared here: status, quality, limit, display name and dates.",
      },
      { usage: 'help [topic]', short: 'this overview, or one topic', example: 'help onboarding', what: 'The overview, or one topic in full.' },
    ],
  },
  {
    topic: 'meta',
    names: ['health', 'webhooks'],
    title: 'Meta’s own view',
    intro:
      'When your admin gives the bot a Meta system user (its token and ID) and a webhook verify token, the bot asks Meta itself about each number, beside what Twilio says: Meta’s status, the display name’s review with Meta’s reason when it is declined, quality, the messaging limit (the business portfolio’s), the Official Business Account badge, and whether the number can send, with Meta’s own error code and text for the number, the WhatsApp account, the business portfolio or the app. Meta’s webhooks bring a change within seconds, and a number Meta blocks while Twilio says it is online gets an alert. The set-up is in docs/metas-view.md in the bot’s repository; without it, the bot shows Twilio’s view only.',
    commands: [
      {
        usage: 'customer meta <customer>',
        short: 'Meta’s view of a customer’s numbers',
        example: 'customer meta "Acme Corp"',
        what: "Give your Meta system user the customer's WhatsApp Business Account and subscribe your app to its webhooks (Meta's account, quality, name and alert updates; the customer's messages keep going to Twilio). Onboarding does this for new customers; this command does it for a customer onboarded before.",
      },
    ],
  },
];

type Message = { text: string; blocks: KnownBlock[] };

const topicNames = () => HELP_TOPICS.map((t) => `*${t.topic}*`).join(', ');

/** The topic a word names, by its own name or another. */
export function helpTopic(word: string): HelpTopic | undefined {
  const wanted = word.trim().toLowerCase();
  return HELP_TOPICS.find((t) => t.topic === wanted || t.names.includes(wanted));
}

/** `help`: the commands grouped by task, a few words each; `help <topic>`: that topic in full. */
export function helpMessage(command: string, topic?: string): Message {
  if (topic === undefined || topic.trim() === '') return overview(command);
  const found = helpTopic(topic);
  if (!found) {
    const shown = topic.replace(/[`<>&*_~]/g, '').slice(0, 40);
    return {
      text: `No help topic "${shown}". The topics: ${topicNames()}, e.g. \`${command} help onboarding\`.`,
      blocks: [section(`No help topic "${shown}". The topics: ${topicNames()}, e.g. \`${command} help onboarding\`.`)],
    };
  }
  const lines = found.commands.map((c) => `*\`${command} ${c.usage}\`*\n${c.what}\n_e.g._ \`${command} ${c.example}\``);
  return {
    text: `${command} help ${found.topic}`,
    blocks: [header(found.title), ...(found.intro ? [section(found.intro)] : []), section(lines.join('\n\n')), context(`All commands: \`${command} help\``)],
  };
}

function overview(command: string): Message {
  const blocks: KnownBlock[] = [header('WhatsApp sender bot')];
  for (const topic of HELP_TOPICS) {
    const lines = topic.commands.map((c) => `\`${command} ${c.usage}\`: ${c.short}`);
    blocks.push(section(`*${topic.title}*  (\`${command} help ${topic.topic}\`)\n${lines.join('\n')}`));
  }
  // Each section names its own topic, so the last line does not list them again: the overview stays short.
  blocks.push(context(`Each command in full, with examples: \`${command} help <topic>\`.`));
  return { text: `${command} help`, blocks };
}
