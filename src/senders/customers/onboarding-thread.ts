import { iso } from '../../clock.js';
import type { Onboarding } from '../../store/schema.js';
import type { SlackText } from '../../views/onboarding-messages.js';
import { commit } from '../commit.js';
import type { SendersContext } from '../context.js';

/** Unsuccessful results of one link reach its thread at most this often, and this many times in all. */
export const NOTICE_GAP_MS = 60_000;
export const MAX_NOTICES = 6;

/** A message in the thread of the onboarding's link message. */
export async function postInThread(ctx: SendersContext, onboarding: Onboarding, message: SlackText): Promise<void> {
  await commit(ctx, async () => ({ messages: [threadPost(onboarding, message)] }));
}

/** An unsuccessful result in the thread, unless this link posted one within NOTICE_GAP_MS or MAX_NOTICES already: whoever holds a link cannot flood the channel. */
export async function notify(ctx: SendersContext, onboarding: Onboarding, message: () => SlackText): Promise<void> {
  const now = ctx.clock.now();
  const last = onboarding.lastNoticeAt ? Date.parse(onboarding.lastNoticeAt) : undefined;
  if ((onboarding.notices ?? 0) >= MAX_NOTICES || (last !== undefined && now - last < NOTICE_GAP_MS)) return;
  onboarding.notices = (onboarding.notices ?? 0) + 1;
  onboarding.lastNoticeAt = iso(now);
  // The count and the post are stored together: a post not stored is not counted, and none is counted unposted.
  await commit(ctx, async () => ({ onboardings: [onboarding], messages: [threadPost(onboarding, message())] }));
}

/** The outbox item of a message in the onboarding link's thread. */
export const threadPost = (onboarding: Onboarding, message: SlackText) =>
  ({ kind: 'onboarding_post', onboardingId: onboarding.id, threadOf: 'onboarding', text: message.text, blocks: message.blocks }) as const;
