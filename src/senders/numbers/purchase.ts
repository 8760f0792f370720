import { iso, pastTime } from '../../clock.js';
import { audit } from '../../store/audit.js';
import { addPendingPurchase, dropPendingPurchase, pendingPurchaseOf, pendingPurchasesElsewhere } from '../../store/purchases.js';
import type { PendingPurchase } from '../../store/schema.js';
import { StorageError } from '../../store/storage-error.js';
import { TwilioApiError } from '../../twilio/errors.js';
import type { IncomingPhoneNumberWire } from '../../twilio/wire.js';
import { cannotSave } from '../../views/cannot-save.js';
import type { SendersContext } from '../context.js';
import { customerNameFor } from '../customers/customers.js';
import { type Problem, problemFrom } from '../outcome.js';

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
 * request while it runs (a double click, Slack's retry) is turned away; a later one, or one after a
 * lost answer or a crash, first looks the number up in the account (and in the account of any
 * earlier purchase of it whose outcome is unknown), and buys only if it is not there and the
 * earlier purchase had time to land.
 */
export async function buyNumber(ctx: SendersContext, accountSid: string, phoneNumber: string, user: string): Promise<PurchaseResult> {
  return ctx.claims.exclusive(
    purchaseKey(phoneNumber),
    (): PurchaseResult => ({ kind: 'busy' }),
    async () => {
      const refusal = accountSid !== ctx.twilio.mainAccountSid ? ctx.credentials?.refusal() : undefined;
      if (refusal) return { kind: 'failed', problem: { message: refusal } };
      let owned: IncomingPhoneNumberWire | undefined;
      try {
        owned = await ctx.twilio.findIncomingNumber(accountSid, phoneNumber);
      } catch (error) {
        return { kind: 'failed', problem: problemFrom(error) };
      }
      const pending = pendingPurchaseOf(ctx.store, phoneNumber, accountSid);
      if (owned) {
        if (pending) await forget(ctx, pending);
        return { kind: 'bought', number: owned };
      }
      for (const earlier of pendingPurchasesElsewhere(ctx.store, phoneNumber, accountSid)) {
        const blocked = await landedElsewhere(ctx, earlier);
        if (blocked) return blocked;
      }
      if (pending) {
        if (!settled(ctx, pending)) return { kind: 'checking', retryAt: retryAt(ctx, pending) };
        // Long enough for a lost purchase to have landed, and the number is not there: it was never bought.
        dropPendingPurchase(ctx.store, pending);
      }
      return send(ctx, { phoneNumber, accountSid, requestedBy: user, since: iso(ctx.clock.now()) });
    },
  );
}

/** When a lost purchase has had time to land (an unreadable start time counts as long ago). */
function retryAt(ctx: SendersContext, entry: PendingPurchase): number {
  const since = pastTime(entry, 'since', ctx.clock.now());
  return Number.isNaN(since) ? ctx.clock.now() : since + ctx.settings.createSettleMs;
}
const settled = (ctx: SendersContext, entry: PendingPurchase) => ctx.clock.now() >= retryAt(ctx, entry);

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
    return { kind: 'elsewhere', accountName: customerNameFor(ctx, earlier.accountSid), number: there };
  }
  if (!settled(ctx, earlier)) return { kind: 'checking', retryAt: retryAt(ctx, earlier), into: customerNameFor(ctx, earlier.accountSid) };
  dropPendingPurchase(ctx.store, earlier);
  return undefined;
}

async function send(ctx: SendersContext, entry: PendingPurchase): Promise<PurchaseResult> {
  addPendingPurchase(ctx.store, entry);
  try {
    await ctx.store.write();
  } catch (error) {
    dropPendingPurchase(ctx.store, entry);
    if (!(error instanceof StorageError)) throw error;
    return { kind: 'failed', problem: { message: cannotSave(error, 'No number was bought and nothing was changed') } };
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
    return { kind: 'checking', retryAt: retryAt(ctx, entry) };
  }
}

async function bought(ctx: SendersContext, entry: PendingPurchase, number: IncomingPhoneNumberWire): Promise<PurchaseResult> {
  audit(ctx.store, { at: iso(ctx.clock.now()), user: entry.requestedBy, action: 'number_buy', target: entry.phoneNumber, detail: `into ${entry.accountSid}` });
  await forget(ctx, entry);
  return { kind: 'bought', number };
}

async function forget(ctx: SendersContext, entry: PendingPurchase): Promise<void> {
  dropPendingPurchase(ctx.store, entry);
  // Twilio has the number either way: a failed write is saved with the store's next one.
  await ctx.store.write().catch(() => undefined);
}
