import { iso } from '../clock.js';
import type { SendersContext } from './context.js';
import { problemFrom } from './outcome.js';
import { findRemoteSender } from './registration.js';
import { applySenderWire } from './status-tracking.js';
import { restoreVoiceConfig } from './voice-forward.js';

/**
 * After a restart: a create whose answer was never stored is reconciled with Twilio: adopted
 * if Twilio has the sender, otherwise put back in the create queue to go at its account's next
 * turn. Voice settings still pointing at voicemail for a finished registration are restored.
 * Registrations waiting for a code need nothing: their buttons work from the store.
 */
export async function resumePending(ctx: SendersContext): Promise<{ resumed: number; restored: number }> {
  let resumed = 0;
  let restored = 0;
  for (const record of ctx.store.data.senders) {
    try {
      if (record.state === 'creating' && !record.sid) {
        const wire = await findRemoteSender(ctx, record);
        if (wire) {
          applySenderWire(record, wire, ctx.clock.now());
          record.otp.lastCreateAt ??= iso(ctx.clock.now());
          if (record.state === 'creating') record.state = record.path === 'twilio_sms' ? 'verifying' : 'awaiting_code';
        } else {
          record.state = 'queued';
          record.queuedAt ??= record.createdAt;
        }
        resumed += 1;
      }
      const finished = record.state === 'online' || record.state === 'abandoned' || record.state === 'failed';
      if (finished && (await restoreVoiceConfig(ctx, record))) restored += 1;
    } catch (error) {
      ctx.logger.warn('could not resume a registration', { id: record.id, error: problemFrom(error).message });
    }
  }
  if (resumed || restored) await ctx.store.write();
  return { resumed, restored };
}
