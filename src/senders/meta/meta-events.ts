import type { MetaEvent } from '../../meta/meta-view.js';
import { commit } from '../commit.js';
import type { SendersContext } from '../context.js';
import { applyNameDecisions } from './meta-check.js';

/** How long an event's key is kept. An event Meta delivers again after that is handled again: a refresh of its senders, decided from what Meta says then. */
export const META_EVENT_MEMORY_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The events of a delivery not handled before, by any replica: every key is stored in one unit,
 * and an event whose key was stored already (an earlier delivery, or the same event twice in
 * this one) is left out. A storage failure rejects and keeps none, so Meta's next try brings
 * them all again. Meta's reason for a name decision, which only its webhook tells, is stored on
 * the senders in the same unit: nothing of it depends on the look at Meta that follows.
 */
export async function newMetaEvents(ctx: Pick<SendersContext, 'store' | 'clock'>, events: readonly MetaEvent[]): Promise<MetaEvent[]> {
  if (events.length === 0) return [];
  const seenAt = ctx.clock.now();
  return commit(ctx, async () => ({
    also: async (tx) => {
      const fresh: MetaEvent[] = [];
      for (const event of events) if (await tx.metaEvents.add(event.key, event.wabaId, seenAt)) fresh.push(event);
      const decisions = fresh.filter((e) => e.nameDecision);
      const phoneNumbers = [...new Set(decisions.map((e) => e.nameDecision!.e164))];
      if (phoneNumbers.length > 0) {
        for (const record of await tx.senders.list({ phoneNumbers, inPlay: true })) {
          if (!applyNameDecisions(record, decisions)) continue;
          await tx.senders.save(record);
          await tx.outbox.enqueue({ senderId: record.id, kind: 'refresh_sender_message' }, seenAt);
        }
      }
      return fresh;
    },
  }));
}

/** Forgets the keys of events first seen more than a week before `now`; returns how many. */
export function forgetOldMetaEvents(ctx: Pick<SendersContext, 'store' | 'clock'>, now: number): Promise<number> {
  return commit(ctx, async () => ({ also: (tx) => tx.metaEvents.forgetBefore(now - META_EVENT_MEMORY_MS) }));
}
