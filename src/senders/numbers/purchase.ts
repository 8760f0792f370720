import { iso, pastTime } from '../../clock.js';
import { DuplicateIdError } from '../../store/repositories.js';
import type { PendingPurchase } from '../../store/schema.js';
import { StorageError } from '../../store/storage-error.js';
import { TwilioApiError } from '../../twilio/errors.js';
import type { IncomingPhoneNumberWire } from '../../twilio/wire.js';
import { commit } from '../commit.js';
import type { SendersContext } from '../context.js';
import { customerNameFor } from '../customers/customers.js';
import { onceAtATime } from '../once-at-a-time.js';
import { notSaved, type Problem, problemFrom } from '../outcome.js';

export type PurchaseResult =
  | { kind: 'bought'; number: IncomingPhoneNumberWire }
  /**
   * Twilio did not say whether it sold the number; the bot looks before buying again, from
   * `retryAt` on. `into`: the account of that earlier purchase, when it is not the one asked for.
   */
  | { kind: 'checking'; retryAt: number; into?: string }
  /** An earlier purchase whose answer was lost landed in another account: the number is there. */
  | { kind: 'elsewhere'; accountName: string; number: IncomingPhoneNumberWire }
  | { kind: 'busy' }
  | { kind: 'failed'; problem: Problem };

const purchaseKey = (phoneNumber: string) => `purchase:${phoneNumber}`;

/**
 * Buys a number into an account, once. The purchase is stored before it goes out; a second
 * request while it runs (a double click, Slack's retry, another person, on any replica) is
 * turned away; a later one, or one after a
 * lost answer or a crash, first looks the number up in the account (and in the account of any
 * earlier purchase of it whose outcome is unknown), and buys only if it is not there and the
 * earlier purchase had time to land.
 */
export async function buyNumber(ctx: SendersContext, accountSid: string, phoneNumber: string, user: string): Promise<PurchaseResult> {
  return onceAtATime<PurchaseResult>(
    ctx,
    purchaseKey(phoneNumber),
    { busy: () => ({ kind: 'busy' }), cannotSave: (error) => ({ kind: 'failed', problem: notSaved(error, 'purchase') }) },
    async () => {
      const refusal = accountSid !== ctx.twilio.mainAccountSid ? ctx.credentials?.refusal() : undefined;
      if (refusal) return { kind: 'failed', problem: { message: refusal } };
      let owned: IncomingPhoneNumberWire | undefined;
      try {
        owned = await ctx.twilio.findIncomingNumber(accountSid, phoneNumber);
      } catch (error) {
        return { kind: 'failed', problem: problemFrom(error) };
      }
      const pending = await ctx.store.pendingPurchases.find(phoneNumber, accountSid);
      if (owned) {
        if (pending) await forget(ctx, pending);
        return { kind: 'bought', number: owned };
      }
      const elsewhere = (await ctx.store.pendingPurchases.list()).filter((p) => p.phoneNumber === phoneNumber && p.accountSid !== accountSid);
      for (const earlier of elsewhere) {
        const blocked = await landedElsewhere(ctx, earlier);
        if (blocked) return blocked;
      }
      if (pending) {
        const at = await retryAt(ctx, pending);
        if (ctx.clock.now() < at) return { kind: 'checking', retryAt: at };
        // Long enough for a lost purchase to have landed, and the number is not there: it was never bought.
        await drop(ctx, pending);
      }
      return send(ctx, { phoneNumber, accountSid, requestedBy: user, since: iso(ctx.clock.now()) });
    },
  );
}

/** When a lost purchase has had time to land (an unreadable start time counts as long ago). */
async function retryAt(ctx: SendersContext, entry: PendingPurchase): Promise<number> {
  const recorded = entry.since;
  const since = pastTime(entry, 'since', ctx.clock.now());
  // A time recorded while the clock ran ahead was moved to now: kept so, the wait counts from here.
  if (entry.since !== recorded) {
    await commit(ctx, async () => ({
      also: async (tx) => {
        await tx.pendingPurchases.remove(entry.phoneNumber, entry.accountSid);
        await tx.pendingPurchases.add(entry);
      },
    })).catch(keptPending(ctx, entry));
  }
  return Number.isNaN(since) ? ctx.clock.now() : since + ctx.settings.createSettleMs;
}

/** Forgets a purchase whose outcome is known. */
const drop = (ctx: SendersContext, entry: PendingPurchase) =>
  commit(ctx, async () => ({ also: (tx) => tx.pendingPurchases.remove(entry.phoneNumber, entry.accountSid) })).catch(keptPending(ctx, entry));

/**
 * A purchase note the store could not change stays as stored: its only effect is that the next
 * purchase of the number looks it up in Twilio first, which settles it then.
 */
const keptPending = (ctx: SendersContext, entry: PendingPurchase) => (error: unknown) => {
  if (!(error instanceof StorageError)) throw error;
  ctx.logger.warn('a number purchase note could not be updated; the next purchase of the number settles it', { phoneNumber: entry.phoneNumber });
};

/** An earlier purchase of the number into another account: there it is, or it may still land, or it never happened. */
async function landedElsewhere(ctx: SendersContext, earlier: PendingPurchase): Promise<PurchaseResult | undefined> {
  let there: IncomingPhoneNumberWire | undefined;
  try {
    there = await ctx.twilio.findIncomingNumber(earlier.accountSid, earlier.phoneNumber);
  } catch (error) {
    return { kind: 'failed', problem: problemFrom(error) };
  }
  if (there) {
    await forget(ctx, earlier);
    return { kind: 'elsewhere', accountName: await customerNameFor(ctx, earlier.accountSid), number: there };
  }
  const at = await retryAt(ctx, earlier);
  if (ctx.clock.now() < at) return { kind: 'checking', retryAt: at, into: await customerNameFor(ctx, earlier.accountSid) };
  await drop(ctx, earlier);
  return undefined;
}

async function send(ctx: SendersContext, entry: PendingPurchase): Promise<PurchaseResult> {
  try {
    await commit(ctx, async () => ({ also: (tx) => tx.pendingPurchases.add(entry) }));
  } catch (error) {
    // Another purchase of it into this account is stored: that one is under way.
    if (error instanceof DuplicateIdError) return { kind: 'busy' };
    if (!(error instanceof StorageError)) throw error;
    return { kind: 'failed', problem: notSaved(error, 'purchase') };
  }
  try {
    const number = await ctx.twilio.buyNumber(entry.accountSid, entry.phoneNumber);
    return await bought(ctx, entry, number);
  } catch (error) {
    if (!(error instanceof TwilioApiError) || !error.uncertain) {
      await forget(ctx, entry);
      return { kind: 'failed', problem: problemFrom(error) };
    }
    ctx.logger.warn('number purchase unconfirmed; looking it up', { phoneNumber: entry.phoneNumber, accountSid: entry.accountSid });
    try {
      const number = await ctx.twilio.findIncomingNumber(entry.accountSid, entry.phoneNumber);
      if (number) return await bought(ctx, entry, number);
    } catch (lookup) {
      ctx.logger.warn('could not look up a number whose purchase was unconfirmed', { error: problemFrom(lookup).message });
    }
    return { kind: 'checking', retryAt: await retryAt(ctx, entry) };
  }
}

async function bought(ctx: SendersContext, entry: PendingPurchase, number: IncomingPhoneNumberWire): Promise<PurchaseResult> {
  // Twilio has the number either way: the person is told it is bought.
  await commit(ctx, async () => ({
    audit: [{ at: iso(ctx.clock.now()), user: entry.requestedBy, action: 'number_buy', target: entry.phoneNumber, detail: `into ${entry.accountSid}` }],
    also: (tx) => tx.pendingPurchases.remove(entry.phoneNumber, entry.accountSid),
  })).catch(keptPending(ctx, entry));
  return { kind: 'bought', number };
}

const forget = drop;
