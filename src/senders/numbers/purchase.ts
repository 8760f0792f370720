import { iso, pastTime } from '../../clock.js';
import type { PendingPurchase } from '../../store/schema.js';
import { StorageError } from '../../store/storage-error.js';
import { TwilioApiError } from '../../twilio/errors.js';
import type { IncomingPhoneNumberWire } from '../../twilio/wire.js';
import { cannotSave } from '../../views/cannot-save.js';
import type { SendersContext } from '../context.js';
import { type Problem, problemFrom } from '../outcome.js';

export type PurchaseResult =
  | { kind: 'bought'; number: IncomingPhoneNumberWire }
  /** Twilio did not say whether it sold the number; the bot looks before buying again. */
  | { kind: 'checking' }
  | { kind: 'busy' }
  | { kind: 'failed'; problem: Problem };

const purchaseKey = (phoneNumber: string) => `purchase:${phoneNumber}`;

/**
 * Buys a number into an account, once. The purchase is stored before it goes out; a second
 * request while it runs (a double click, Slack's retry) is turned away; a later one, or one after a
 * lost answer or a crash, first looks the number up in the account, and buys only if it is not
 * there and the first purchase had time to land.
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
      const pending = await ctx.store.pendingPurchases.find(phoneNumber);
      if (owned) {
        if (pending) await forget(ctx, pending);
        return { kind: 'bought', number: owned };
      }
      if (pending) {
        const recorded = pending.since;
        const since = pastTime(pending, 'since', ctx.clock.now());
        // A time recorded while the clock ran ahead was moved to now: kept so, the wait counts from here.
        if (pending.since !== recorded) {
          await ctx.store
            .atomically(async (tx) => {
              await tx.pendingPurchases.remove(pending.phoneNumber);
              await tx.pendingPurchases.add(pending);
            })
            .catch(() => undefined);
        }
        if (ctx.clock.now() - since < ctx.settings.createSettleMs) return { kind: 'checking' };
        // Long enough for a lost purchase to have landed, and the number is not there: it was never bought.
        await ctx.store.pendingPurchases.remove(pending.phoneNumber).catch(() => undefined);
      }
      return send(ctx, { phoneNumber, accountSid, requestedBy: user, since: iso(ctx.clock.now()) });
    },
  );
}

async function send(ctx: SendersContext, entry: PendingPurchase): Promise<PurchaseResult> {
  try {
    await ctx.store.atomically((tx) => tx.pendingPurchases.add(entry));
  } catch (error) {
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
    return { kind: 'checking' };
  }
}

async function bought(ctx: SendersContext, entry: PendingPurchase, number: IncomingPhoneNumberWire): Promise<PurchaseResult> {
  await Promise.all([
    ctx.store.audit.add({
      at: iso(ctx.clock.now()),
      user: entry.requestedBy,
      action: 'number_buy',
      target: entry.phoneNumber,
      detail: `into ${entry.accountSid}`,
    }),
    forget(ctx, entry),
  ]).catch(() => undefined);
  return { kind: 'bought', number };
}

async function forget(ctx: SendersContext, entry: PendingPurchase): Promise<void> {
  // Twilio has the number either way: a failed write is saved with the store's next one.
  await ctx.store.pendingPurchases.remove(entry.phoneNumber).catch(() => undefined);
}
