import type { MetaStandIn } from './meta/meta-standin.js';
import type { SimState } from './sim-state.js';

/** The sandbox number whose WABA Meta restricts while Twilio still says ONLINE. */
export const META_RESTRICTED_NUMBER = '+15005550120';

const LOOK_EVERY_MS = 5_000;

/**
 * Plays a Meta-side restriction the bot can only see through Meta's own view: once the number is
 * ONLINE at Twilio for `afterMs`, Meta blocks its WABA for a missing payment method (141006),
 * and lifts it `afterMs` later. Twilio keeps saying ONLINE all along.
 */
export function playMetaRestriction(state: SimState, meta: MetaStandIn, afterMs: number, now: () => number = Date.now): () => void {
  let onlineAt: number | undefined;
  let restricted: string | undefined;
  let over = false;
  const look = () => {
    if (over) return;
    const sender = [...state.senders.values()].find((s) => s.phoneNumber === META_RESTRICTED_NUMBER && state.statusOf(s) === 'ONLINE');
    const wabaId = sender && state.view(sender).configuration?.waba_id;
    if (!wabaId) return;
    onlineAt ??= now();
    if (!restricted && now() - onlineAt >= afterMs) {
      restricted = wabaId;
      void meta.restrictWaba(wabaId, {
        entity: 'WABA',
        canSend: 'BLOCKED',
        code: 141006,
        description: 'No valid payment method is attached to the business account',
      });
    } else if (restricted && now() - onlineAt >= 2 * afterMs) {
      over = true;
      void meta.liftRestriction(restricted);
    }
  };
  const timer = setInterval(look, LOOK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
