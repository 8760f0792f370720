import { iso } from '../../clock.js';
import { StorageError } from '../../store/storage-error.js';
import { isNotFound } from '../../twilio/errors.js';
import type { IncomingPhoneNumberWire } from '../../twilio/wire.js';
import { commit } from '../commit.js';
import type { SendersContext } from '../context.js';
import { type Problem, problemFrom } from '../outcome.js';
import type { KnownAccount } from './number-lookup.js';
import { findInAccount } from './number-lookup.js';
import { whatsAppForm } from './phone.js';
import { type SenderInPlay, senderInPlay } from './sender-in-play.js';

export type MoveResult =
  | { ok: true; number: IncomingPhoneNumberWire }
  | { ok: false; problem: Problem }
  /** Not moved on purpose: why, and what to do instead. */
  | { ok: false; refused: string };

/** Why a number stays where it is: it is a WhatsApp sender in the account it would leave. */
export const staysAsSender = (phoneNumber: string, from: KnownAccount, to: KnownAccount, sender: SenderInPlay, command: string) =>
  `${phoneNumber} is a WhatsApp sender of ${from.name} (${sender.status}): moving it to ${to.name} would break that sender, so it stays in ${from.name}’s account. ` +
  `Register another number for ${to.name}, or, if ${from.name} no longer uses it, delete that sender first (\`${command} delete ${phoneNumber}\`) and move the number then.`;

/**
 * Moves a Twilio number to another subaccount of the bot's main account (its AccountSid
 * updated with the main credentials), never one that is a WhatsApp sender in the account it
 * leaves. Moving is the same request however often it is sent; a number already gone from its
 * account is looked for in the target (a double click, a retry).
 */
export async function moveNumber(ctx: SendersContext, phoneNumber: string, from: KnownAccount, to: KnownAccount, user: string): Promise<MoveResult> {
  const refusal = ctx.credentials?.refusal();
  if (refusal) return { ok: false, problem: { message: refusal } };
  try {
    const number = await findInAccount(ctx, from.accountSid, phoneNumber);
    if (!number) {
      const there = await findInAccount(ctx, to.accountSid, phoneNumber);
      if (there) return { ok: true, number: there };
      return { ok: false, problem: { message: `${phoneNumber} is no longer in that account. Press Enter in the phone field to look it up again.` } };
    }
    const sender = await senderInPlay(ctx, from.accountSid, whatsAppForm(number.phone_number));
    if (sender) return { ok: false, refused: staysAsSender(phoneNumber, from, to, sender, ctx.settings.command) };
    const moved = await ctx.twilio.moveNumber(from.accountSid, number.sid, to.accountSid);
    await commit(ctx, async () => ({
      audit: [{ at: iso(ctx.clock.now()), user, action: 'number_move', target: phoneNumber, detail: `${from.accountSid} -> ${to.accountSid}` }],
    })).catch((error: unknown) => {
      // Twilio moved it: the person is told so; only the audit entry is missing, and the admins have the store's alert.
      if (!(error instanceof StorageError)) throw error;
      ctx.logger.warn('a number move could not be written to the audit log', { phoneNumber, error: error.message });
    });
    return { ok: true, number: moved };
  } catch (error) {
    if (isNotFound(error)) {
      const there = await findInAccount(ctx, to.accountSid, phoneNumber).catch(() => undefined);
      if (there) return { ok: true, number: there };
    }
    return { ok: false, problem: problemFrom(error) };
  }
}
