export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * A time kept in the store, as a timestamp no later than now. One recorded in the future (the
 * host clock ran ahead, then was set back) is moved to now in place: every wait measured from
 * it (pacing, resends, checks, alerts) then lasts its usual length from here, instead of until
 * the clock catches up with it.
 */
export function pastTime<K extends string>(holder: { [key in K]?: string }, key: K, now: number): number {
  const at = Date.parse(holder[key] ?? '');
  if (!(at > now)) return at;
  holder[key] = iso(now);
  return now;
}
