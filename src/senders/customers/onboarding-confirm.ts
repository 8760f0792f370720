import { type BusinessNumber, type Graph, MetaError } from '../../meta/graph.js';
import type { Onboarding } from '../../store/schema.js';
import type { SendersContext } from '../context.js';
import { usableUntil } from './onboarding-link.js';
import { notify } from './onboarding-thread.js';

export type Confirmed = { ok: true; number?: BusinessNumber } | { ok: false };

/**
 * What the page reported is only a claim: asks Meta whether the signup's business token may manage
 * the WABA, and whether the number is that WABA's. Says why in the thread when not. The token is
 * forgotten after.
 */
export async function confirmWithMeta(
  ctx: SendersContext,
  graph: Graph | undefined,
  onboarding: Onboarding,
  claim: { wabaId: string; phoneNumberId?: string; code: string },
): Promise<Confirmed> {
  const { wabaId, phoneNumberId } = claim;
  let token: string | undefined;
  try {
    if (!graph) throw new MetaError('META_APP_SECRET is not set', false);
    token = await graph.exchangeCode(claim.code);
    const granted = await graph.grantedWabas(token);
    if (!granted.includes(wabaId)) return unconfirmed(ctx, onboarding, wabaId);
    if (!phoneNumberId) return { ok: true };
    const number = (await graph.wabaNumbers(wabaId, token)).find((n) => n.id === phoneNumberId);
    if (!number) return unconfirmed(ctx, onboarding, wabaId, phoneNumberId);
    return { ok: true, number };
  } catch (error) {
    const reason = error instanceof MetaError ? error.message : 'an unexpected error';
    ctx.logger.warn('Embedded Signup could not be completed with Meta', { onboarding: onboarding.id, error: ctx.secrets.scrub((error as Error).message) });
    await notify(ctx, onboarding, { kind: 'meta_failed', reason, expiresAt: usableUntil(onboarding), at: ctx.clock.now() });
    return { ok: false };
  } finally {
    if (token) graph?.forget(token);
  }
}

async function unconfirmed(ctx: SendersContext, onboarding: Onboarding, wabaId: string, phoneNumberId?: string): Promise<Confirmed> {
  ctx.logger.warn('Embedded Signup result not confirmed by Meta', { onboarding: onboarding.id, wabaId });
  await notify(ctx, onboarding, { kind: 'unconfirmed', wabaId, phoneNumberId });
  return { ok: false };
}
