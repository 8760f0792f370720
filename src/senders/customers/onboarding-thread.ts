import { iso } from '../../clock.js';
import type { Onboarding, OnboardingNotice } from '../../store/schema.js';
import { ignoreStorageError } from '../../store/storage-error.js';
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

/** An unsuccessful result in the thread, unless this link posted one within NOTICE_GAP_MS or MAX_NOTICES already: whoever holds a link cannot flood the channel. */
export async function notify(ctx: SendersContext, onboarding: Onboarding, notice: OnboardingNotice): Promise<void> {
  const now = ctx.clock.now();
  const last = onboarding.lastNoticeAt ? Date.parse(onboarding.lastNoticeAt) : undefined;
  if ((onboarding.notices ?? 0) >= MAX_NOTICES || (last !== undefined && now - last < NOTICE_GAP_MS)) return;
  onboarding.notices = (onboarding.notices ?? 0) + 1;
  onboarding.lastNoticeAt = iso(now);
  await Promise.all([ctx.store.onboardings.save(onboarding).catch(ignoreStorageError), postInThread(ctx, onboarding, notice)]);
}
