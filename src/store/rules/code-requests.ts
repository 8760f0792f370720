/**
 * Meta limits how many verification codes one phone number may ask for. Meta publishes no
 * figure; peers document about 10 registration attempts per number per week or per 72 hours
 * (TWILIO_AND_META_FACTS.md, "OTP attempts"). The bot takes the stricter reading of both: 10
 * per rolling 7 days. Every code request counts, whichever registration or account made it: a
 * create that asks for a code, a resend, a switch to a voice call.
 */
export const CODE_REQUESTS_PER_NUMBER = 10;
export const CODE_REQUEST_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** What the store counts at `now`: the requests made at or after this time (ms). */
export const windowStart = (now: number): number => now - CODE_REQUEST_WINDOW_MS;

export interface CodeRequestBudget {
  /** Requests counted in the window. */
  used: number;
  /** Requests still allowed in the window (0: the next one would lock the number out). */
  left: number;
  /** When `left` is 0: when the oldest counted request leaves the window and one may be made again (ms). */
  freeAt?: number;
}

/** The budget of a number from the times (ms) of its requests counted in the window at `now`. */
export function codeRequestBudget(times: readonly number[], now: number): CodeRequestBudget {
  const counted = times.filter((t) => t >= windowStart(now)).sort((a, b) => a - b);
  const left = Math.max(0, CODE_REQUESTS_PER_NUMBER - counted.length);
  if (left > 0) return { used: counted.length, left };
  // The request that frees a place is the one whose leaving brings the count below the limit.
  const freeing = counted[counted.length - CODE_REQUESTS_PER_NUMBER];
  return { used: counted.length, left, freeAt: (freeing ?? now) + CODE_REQUEST_WINDOW_MS };
}
