import { slackTime } from './time-text.js';

const senders = (n: number) => `${n.toLocaleString('en')} sender${n === 1 ? '' : 's'}`;
const of = (customer?: string) => (customer ? ` of ${customer}` : '');

export const exportPreparing = (count: number, customer?: string): string =>
  `Preparing the CSV of ${senders(count)}${of(customer)}; it will be shared in this conversation in a moment.`;

export const exportEmpty = (command: string, customer?: string): string =>
  `There are no senders${of(customer)} to export yet. Register one with \`${command} register\`.`;

export const exportUnknownCustomer = (command: string, key: string): string =>
  `No customer "${key.slice(0, 60)}". \`${command} customers\` lists them; \`${command} export main\` exports the main account's senders.`;

export const exportOutOfScope = (command: string, boundTo?: string): string =>
  boundTo
    ? `This channel is bound to *${boundTo}*: it can export ${boundTo}'s senders only. Run \`${command} export\` without a customer here, or export other customers from a channel that is not bound.`
    : `This channel is bound to a customer the bot no longer knows: it can export nothing. Run \`${command} channel unbind\`, then bind it again.`;

/** The comment shared with the file, seen by everyone in the conversation. */
export function exportComment(user: string, count: number, customer: string | undefined, now: number): string {
  return `<@${user}> exported ${senders(count)}${customer ? ` of *${customer}*` : ' of every customer'} as of ${slackTime(now, now)}: customer, phone number, sender SID, status, quality rating, messaging limit, display name, state, created and updated dates, and since when each online sender has been online.`;
}

/** Why the file could not be shared here, and what to do, from Slack's error. */
export function exportNotShared(command: string, slackError: string | undefined, detail: string): string {
  switch (slackError) {
    case 'not_in_channel':
    case 'channel_not_found':
      return `The CSV is ready, but Slack does not let the bot share files in this conversation (\`${slackError}\`): it is a private channel the bot is not in, or a direct message between people. Invite the bot here (\`/invite @\` and its name), or run \`${command} export\` in a channel it is in or in your direct messages with the bot.`;
    case 'is_archived':
      return `This channel is archived, so nothing can be shared in it. Run \`${command} export\` in another channel.`;
    case 'missing_scope':
    case 'not_allowed_token_type':
      return `Slack refused the upload (\`${slackError}\`): the bot's Slack app needs the \`files:write\` scope. Ask a Slack admin to add it and reinstall the app, then try again.`;
    default:
      return `The CSV could not be shared: ${detail}. Try again in a minute; if it repeats, tell the bot admins.`;
  }
}
