import { iso } from '../../clock.js';
import { ignoreStorageError } from '../../store/storage-error.js';
import { isNotFound } from '../../twilio/errors.js';
import type { IncomingPhoneNumberWire } from '../../twilio/wire.js';
import type { SendersContext } from '../context.js';
import { type Problem, problemFrom } from '../outcome.js';
import { findInAccount } from './number-lookup.js';

export type MoveResult = { ok: true; number: IncomingPhoneNumberWire } | { ok: false; problem: Problem };

/**
 * Moves a Twilio number to another subaccount of the bot's main account (its AccountSid
 * updated with the main credentials). Moving is the same request however often it is sent; a
 * number already gone from its account is looked for in the target (a double click, a retry).
 */
export async function moveNumber(ctx: SendersContext, phoneNumber: string, fromAccountSid: string, toAccountSid: string, user: string): Promise<MoveResult> {
  const refusal = ctx.credentials?.refusal();
  if (refusal) return { ok: false, problem: { message: refusal } };
  try {
    const number = await findInAccount(ctx, fromAccountSid, phoneNumber);
    if (!number) {
      const there = await findInAccount(ctx, toAccountSid, phoneNumber);
      if (there) return { ok: true, number: there };
      return { ok: false, problem: { message: `${phoneNumber} is no longer in that account. Press Enter in the phone field to look it up again.` } };
    }
    const moved = await ctx.twilio.moveNumber(fromAccountSid, number.sid, toAccountSid);
    await ctx.store.audit
      .add({ at: iso(ctx.clock.now()), user, action: 'number_move', target: phoneNumber, detail: `${fromAccountSid} -> ${toAccountSid}` })
      .catch(ignoreStorageError);
    return { ok: true, number: moved };
  } catch (error) {
    if (isNotFound(error)) {
      const there = await findInAccount(ctx, toAccountSid, phoneNumber).catch(() => undefined);
      if (there) return { ok: true, number: there };
    }
    return { ok: false, problem: problemFrom(error) };
  }
}
