import { storeUnlessChanged } from '../commit.js';
import type { SendersContext } from '../context.js';
import { settlePendingSubaccount } from '../customers/customers.js';
import { restoreVoiceConfig } from '../numbers/voice-forward.js';
import { problemFrom } from '../outcome.js';
import { reconcileUncertainCreates } from './uncertain-creates.js';

/**
 * After a restart: creates whose answer was never stored are checked with Twilio (adopted if
 * Twilio has the sender, queued again once it surely does not; see uncertain-creates.ts).
 * Voice settings still pointing at voicemail for a finished registration are restored.
 * Registrations waiting for a code need nothing: their buttons work from the store.
 */
export async function resumePending(ctx: SendersContext): Promise<{ resumed: number; restored: number }> {
  let restored = 0;
  const { adopted, requeued } = await reconcileUncertainCreates(ctx);
  for (const pending of await ctx.store.pendingSubaccounts.list()) {
    const settled = await settlePendingSubaccount(ctx, pending);
    if (settled.kind === 'adopted') ctx.logger.info('adopted a subaccount created before a restart', { customer: settled.customer.name });
  }
  for (const record of await ctx.store.senders.list({ states: ['online', 'abandoned', 'failed'], voiceForwardOpen: true })) {
    try {
      if (await restoreVoiceConfig(ctx, record)) {
        restored += 1;
        await storeUnlessChanged(ctx, record);
      }
    } catch (error) {
      ctx.logger.warn('could not restore voice settings', { id: record.id, error: problemFrom(error).message });
    }
  }
  const resumed = adopted.length + requeued.length;
  if (resumed || restored) await ctx.store.flush();
  return { resumed, restored };
}
