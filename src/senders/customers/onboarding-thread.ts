import type { Onboarding, OnboardingNotice } from '../../store/schema.js';
import { ignoreStorageError, StorageError } from '../../store/storage-error.js';
import type { SendersContext } from '../context.js';

/** Unsuccessful results of one link reach its thread at most this often, and this many times in all. */
export const NOTICE_GAP_MS = 60_000;
export const MAX_NOTICES = 6;

/** A message in the thread of the onboarding's link message, worded by the outbox when it posts it. */
export async function postInThread(ctx: SendersContext, onboarding: Onboarding, notice: OnboardingNotice): Promise<void> {
  await ctx.store.outbox
    .enqueue({ kind: 'onboarding_post', onboardingId: onboarding.id, threadOf: 'onboarding', notice }, ctx.clock.now())
    .catch(ignoreStorageError);
}

/**
 * An unsuccessful result in the thread, unless this link posted one within NOTICE_GAP_MS or
 * MAX_NOTICES already: whoever holds a link cannot flood the channel. The notice is counted in
 * the store together with its post, so requests at once, on any replica, post one.
 */
export async function notify(ctx: SendersContext, onboarding: Onboarding, notice: OnboardingNotice): Promise<void> {
  const now = ctx.clock.now();
  try {
    await ctx.store.atomically(async (tx) => {
      if (!(await tx.onboardings.countNotice(onboarding.id, now, NOTICE_GAP_MS, MAX_NOTICES))) return;
      await tx.outbox.enqueue({ kind: 'onboarding_post', onboardingId: onboarding.id, threadOf: 'onboarding', notice }, now);
    });
  } catch (error) {
    // Neither counted nor posted: the next unsuccessful result may tell it.
    if (!(error instanceof StorageError)) throw error;
    ctx.logger.warn('an onboarding notice could not be stored, so it is not posted', { onboardingId: onboarding.id, error: error.plainCause });
  }
}
