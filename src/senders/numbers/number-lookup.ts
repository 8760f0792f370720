import { forEachLimited, TIMED_OUT, withinDeadline } from '../../concurrency.js';
import type { IncomingPhoneNumberWire } from '../../twilio/wire.js';
import type { SendersContext } from '../context.js';
import { twilioForms } from './phone.js';

/** An account the bot may look a number up in, as people know it. */
export interface KnownAccount {
  accountSid: string;
  /** The customer's name, or "Main account". */
  name: string;
  /** The customer's id; none for the main account. */
  customerId?: string;
}

export interface NumberWhereabouts {
  /** The number in the chosen account, in either of its forms. */
  here?: IncomingPhoneNumberWire;
  /** The number in another account the bot knows, when it is not in the chosen one. */
  elsewhere?: { account: KnownAccount; number: IncomingPhoneNumberWire };
  /** Accounts that did not answer in time: the number may be in one of them. */
  unchecked: KnownAccount[];
}

/** Accounts asked at once; more wait their turn. */
const LANES = 8;

/** The number in one account, in whichever form Twilio keeps it (+52 or +52 1, +54 or +54 9). */
export async function findInAccount(ctx: SendersContext, accountSid: string, e164: string, timeoutMs?: number): Promise<IncomingPhoneNumberWire | undefined> {
  for (const form of twilioForms(e164)) {
    const number = await ctx.twilio.findIncomingNumber(accountSid, form, timeoutMs ? { timeoutMs } : undefined);
    if (number) return number;
  }
  return undefined;
}

/**
 * Looks the number up in the chosen account and every other account given, a few at a time,
 * all within `timeoutMs` together (real time: it bounds how long a person waits for the hint).
 * The chosen account's failure is thrown (the person must know the path is unknown); another
 * account that fails, is slow, or whose turn comes too late is only named as not checked.
 */
export async function locateNumber(
  ctx: SendersContext,
  chosen: KnownAccount,
  others: KnownAccount[],
  e164: string,
  timeoutMs: number,
): Promise<NumberWhereabouts> {
  const unchecked: KnownAccount[] = [];
  const found = new Map<string, IncomingPhoneNumberWire>();
  const deadline = Date.now() + timeoutMs;
  const ask = async (account: KnownAccount) => {
    const left = deadline - Date.now();
    if (left <= 0) return void unchecked.push(account);
    const answer = await withinDeadline(findInAccount(ctx, account.accountSid, e164, left), left);
    if (answer === TIMED_OUT) unchecked.push(account);
    else if (answer) found.set(account.accountSid, answer);
  };
  const chosenLook = ask(chosen);
  const rest = forEachLimited(
    others.filter((a) => a.accountSid !== chosen.accountSid),
    LANES,
    (account) =>
      ask(account).catch((error: unknown) => {
        ctx.logger.warn('could not look a number up in an account', { accountSid: account.accountSid, error: (error as Error).message });
        unchecked.push(account);
      }),
  );
  const [chosenResult] = await Promise.allSettled([chosenLook, rest]);
  if (chosenResult.status === 'rejected') throw chosenResult.reason;
  const here = found.get(chosen.accountSid);
  if (here) return { here, unchecked: unchecked.filter((a) => a !== chosen) };
  const owner = others.find((a) => found.has(a.accountSid));
  return { elsewhere: owner ? { account: owner, number: found.get(owner.accountSid)! } : undefined, unchecked };
}
