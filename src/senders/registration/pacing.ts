import type { Repos } from '../../store/repositories.js';
import type { SendersContext } from '../context.js';

/**
 * Twilio asks for several minutes between Senders API requests. Every sender-creating request
 * (a registration, a resend, a bulk row) in one account waits for the one before it.
 */
export async function nextCreateAt(ctx: SendersContext, accountSid: string, now: number): Promise<number> {
  const last = await ctx.store.accounts.pace(accountSid, now);
  return last === undefined ? 0 : last + ctx.settings.sendersMinIntervalMs;
}

export const mayCreateNow = async (ctx: SendersContext, accountSid: string, now: number): Promise<boolean> => now >= (await nextCreateAt(ctx, accountSid, now));

/**
 * Taken before the request goes out, so a second caller in the same moment waits its turn; false
 * when the account's turn is not free (across processes too). Inside a transaction, pass its repositories.
 */
export const takeCreateTurn = (ctx: SendersContext, accountSid: string, now: number, repos: Repos = ctx.store): Promise<boolean> =>
  repos.accounts.takeTurn(accountSid, now, ctx.settings.sendersMinIntervalMs);
