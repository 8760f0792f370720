import type { Onboarding, OnboardingNotice } from '../../store/schema.js';
import { StorageError } from '../../store/storage-error.js';
import { commit } from '../commit.js';
import type { SendersContext } from '../context.js';

/** Unsuccessful results of one link reach its thread at most this often, and this many times in all. */
export const NOTICE_GAP_MS = 60_000;
export const MAX_NOTICES = 6;

/** A message in the thread of the onboarding's link message, worded by the outbox when it posts it. */
export async function postInThread(ctx: SendersContext, onboarding: Onboarding, notice: OnboardingNotice): Promise<void> {
  await commit(ctx, async () => ({ messages: [threadPost(onboarding, notice)] }));
}

/**
 * An unsuccessful result in the thread, unless this link posted one within NOTICE_GAP_MS or
 * MAX_NOTICES already: whoever holds a link cannot flood the channel. The notice is counted in
 * the store together with its post, so requests at once, on any replica, post one.
 */
export async function notify(ctx: SendersContext, onboarding: Onboarding, notice: OnboardingNotice): Promise<void> {
  const now = ctx.clock.now();
  try {
    await commit(ctx, async () => ({
      also: async (tx) => {
        if (await tx.onboardings.countNotice(onboarding.id, now, NOTICE_GAP_MS, MAX_NOTICES)) await tx.outbox.enqueue(threadPost(onboarding, notice), now);
      },
    }));
  } catch (error) {
    // Neither counted nor posted: the next unsuccessful result may tell it.
    if (!(error instanceof StorageError)) throw error;
    ctx.logger.warn('an onboarding notice could not be stored, so it is not posted', { onboardingId: onboarding.id, error: error.plainCause });
  }
}

/** The outbox item of a message in the onboarding link's thread. */
export const threadPost = (onboarding: Onboarding, notice: OnboardingNotice) =>
  ({ kind: 'onboarding_post', onboardingId: onboarding.id, threadOf: 'onboarding', notice }) as const;
