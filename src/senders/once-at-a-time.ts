import { StorageError } from '../store/storage-error.js';
import { commit } from './commit.js';
import type { SendersContext } from './context.js';
import { problemFrom } from './outcome.js';

/**
 * How long a claim lasts unless its holder renews it: a process that died holding one blocks
 * that work this long at most. A living holder renews it well before (RENEW_EVERY_MS).
 */
export const CLAIM_TTL_MS = 60_000;
const RENEW_EVERY_MS = 15_000;

export interface ClaimAnswers<T> {
  /** Another request holds the key, in this process or another replica. */
  busy: () => T;
  /** The store could not be asked: nothing was done. */
  cannotSave: (error: StorageError) => T;
}

/**
 * Runs `work` holding the store's claim on `key` (store/repositories.ts ClaimRepository), so a
 * double click, Slack's retry, or the same request reaching another replica does not do it twice:
 * they get `busy()`. The claim is renewed while the work runs and given up when it ends; a
 * release that fails leaves it to lapse (CLAIM_TTL_MS).
 */
export async function onceAtATime<T>(ctx: SendersContext, key: string, answers: ClaimAnswers<T>, work: () => Promise<T>): Promise<T> {
  const holder = ctx.newId();
  const take = () => commit(ctx, async () => ({ also: (tx) => tx.claims.take(key, holder, ctx.clock.now(), CLAIM_TTL_MS) }));
  try {
    if (!(await take())) return answers.busy();
  } catch (error) {
    if (error instanceof StorageError) return answers.cannotSave(error);
    throw error;
  }
  const renewing = setInterval(() => {
    take().then(
      (held) => held || ctx.logger.warn('a claim lapsed while its work ran; another request may be doing the same work', { key }),
      (error: unknown) => ctx.logger.warn('could not renew a claim; it lapses unless renewed later', { key, error: problemFrom(error).message }),
    );
  }, RENEW_EVERY_MS);
  renewing.unref();
  try {
    return await work();
  } finally {
    clearInterval(renewing);
    await commit(ctx, async () => ({ also: (tx) => tx.claims.release(key, holder) })).catch((error: unknown) =>
      ctx.logger.warn('could not give up a claim; it lapses by itself', { key, error: problemFrom(error).message }),
    );
  }
}
