import type { Onboarding } from '../../store/schema.js';
import type { SendersContext } from '../context.js';
import { problemFrom } from '../outcome.js';
import { setUpMetaAccess } from './meta-access.js';
import { postInThread } from './onboarding-thread.js';

/**
 * After a signup gave the customer its WABA: the bot's system user is given it too, when the bot
 * has one. This never fails the onboarding, which is already stored: a failure is said in the
 * onboarding's thread (or, when even that cannot be stored, logged), and the start-up pass tries again.
 */
export async function metaAccessAfterSignup(ctx: SendersContext, onboarding: Onboarding, customerId: string): Promise<void> {
  if (!ctx.meta) return;
  try {
    const customer = await ctx.store.customers.get(customerId);
    if (!customer?.wabaId) return;
    const result = await setUpMetaAccess(ctx, customer, onboarding.requestedBy);
    if (result.ok) return;
    await postInThread(ctx, onboarding, { kind: 'meta_access_failed', customerName: customer.name, wabaId: customer.wabaId, problem: result.problem.message });
  } catch (error) {
    ctx.logger.warn("a signup's WABA could not be given to the system user", {
      onboardingId: onboarding.id,
      error: ctx.secrets.scrub(problemFrom(error).message),
    });
  }
}
