import type { SendersContext } from '../context.js';

/** A WhatsApp sender the number is in an account, as the bot's records or Twilio's Senders list show it. */
export interface SenderInPlay {
  /** How people would recognise it: the bot's registration state or Twilio's status. */
  status: string;
}

/** The bot's own registration of the number in the account, when one is still in play (not failed or abandoned). */
export async function registeredInStore(ctx: SendersContext, accountSid: string, e164: string): Promise<SenderInPlay | undefined> {
  const record = await ctx.store.senders.findActive(accountSid, e164);
  return record ? { status: record.status ?? record.state } : undefined;
}

/**
 * Whether the number is a WhatsApp sender in the account: a registration the bot follows, or any
 * sender Twilio lists there for it (registered in the Console, or by another tool). A number that
 * is one must not leave its account: the sender would break.
 */
export async function senderInPlay(ctx: SendersContext, accountSid: string, e164: string): Promise<SenderInPlay | undefined> {
  const stored = await registeredInStore(ctx, accountSid, e164);
  if (stored) return stored;
  const listed = (await ctx.twilio.listSenders(accountSid)).find((s) => s.sender_id === `whatsapp:${e164}`);
  return listed ? { status: listed.status } : undefined;
}
