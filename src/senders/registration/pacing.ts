import { iso, pastTime } from '../../clock.js';
import type { SendersContext } from '../context.js';

/**
 * Twilio asks for several minutes between Senders API requests. Every sender-creating request
 * (a registration, a resend, a bulk row) in one account waits for the one before it.
 */
export function nextCreateAt(ctx: SendersContext, accountSid: string, now: number): number {
  const pace = ctx.store.data.accountPace;
  return pace[accountSid] ? pastTime(pace, accountSid, now) + ctx.settings.sendersMinIntervalMs : 0;
}

export const mayCreateNow = (ctx: SendersContext, accountSid: string, now: number): boolean => now >= nextCreateAt(ctx, accountSid, now);

/** Taken before the request goes out, so a second caller in the same moment waits its turn. */
export function takeCreateTurn(ctx: SendersContext, accountSid: string, now: number): void {
  ctx.store.data.accountPace[accountSid] = iso(now);
}
