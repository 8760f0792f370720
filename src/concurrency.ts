/** Small helpers for work that runs alongside other work: a bounded pool, and a wait with a limit. */

/**
 * Runs `work` over `items` with at most `limit` in flight. A failing item ends its own lane only;
 * the first failure is thrown once every lane has finished, so nothing runs on after it returns.
 */
export async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  const failed = (await Promise.allSettled(lanes)).find((lane) => lane.status === 'rejected');
  if (failed) throw failed.reason;
}

export const TIMED_OUT = Symbol('timed out');

/** Resolves with the work's result, or TIMED_OUT if it takes longer; the work goes on either way. */
export function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
