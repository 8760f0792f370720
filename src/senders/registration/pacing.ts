import type { Repos } from '../../store/repositories.js';
import { StorageError } from '../../store/storage-error.js';
import { commit } from '../commit.js';
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
export const takeCreateTurn = (ctx: SendersContext, accountSid: string, now: number, tx: Repos): Promise<boolean> =>
  tx.accounts.takeTurn(accountSid, now, ctx.settings.sendersMinIntervalMs);

/**
 * The turn counts from when the request really leaves, not from when it was taken: the look-ups
 * between the two (the number, the WABA) would otherwise shorten the wait before the next create,
 * which may go out from another replica right on time. Moved forward only; a store that cannot
 * be written leaves the turn as taken.
 */
export async function paceFromNow(ctx: SendersContext, accountSid: string): Promise<void> {
  const now = ctx.clock.now();
  try {
    await commit(ctx, async (read) => {
      const last = await read.accounts.pace(accountSid);
      return { also: async (tx) => (last === undefined || last < now ? tx.accounts.setPace(accountSid, now) : undefined) };
    });
  } catch (error) {
    // The turn then counts from when it was taken, a little earlier: the create is not held back for it.
    if (!(error instanceof StorageError)) throw error;
  }
}
