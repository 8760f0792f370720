import { iso } from '../clock.js';
import type { SendersContext } from './context.js';

/**
 * Twilio asks for several minutes between Senders API requests. Every sender-creating request
 * (a registration, a resend, a bulk row) in one account waits for the one before it.
 */
export function nextCreateAt(ctx: SendersContext, accountSid: string): number {
  const last = ctx.store.data.accountPace[accountSid];
  return last ? Date.parse(last) + ctx.settings.sendersMinIntervalMs : 0;
}

export const mayCreateNow = (ctx: SendersContext, accountSid: string, now: number): boolean => now >= nextCreateAt(ctx, accountSid);

/** Taken before the request goes out, so a second caller in the same moment waits its turn. */
export function takeCreateTurn(ctx: SendersContext, accountSid: string, now: number): void {
  ctx.store.data.accountPace[accountSid] = iso(now);
}

export const clockTime = (ms: number): string => `${iso(ms).slice(11, 16)} UTC`;
