import { iso } from '../../clock.js';
import { commit, senderChange } from '../commit.js';
import type { SendersContext } from '../context.js';
import { restoreVoiceConfig } from '../numbers/voice-forward.js';
import { problemFrom } from '../outcome.js';
import { type ActionResult, exclusive, loadRegistration } from './code-action.js';

/** Stops a registration: the sender is left in Twilio as it is, the number's voice settings are restored. */
export function abandonRegistration(ctx: SendersContext, id: string, user: string): Promise<ActionResult> {
  return exclusive(ctx, id, async () => {
    const record = await loadRegistration(ctx, id);
    if (!('id' in record)) return { ok: false, problem: record };
    if (record.state === 'online' || record.state === 'abandoned') {
      return { ok: false, problem: { message: `Nothing to abandon: the sender is ${record.state}.` }, record };
    }
    record.state = 'abandoned';
    record.updatedAt = iso(ctx.clock.now());
    let note: string | undefined;
    try {
      if (await restoreVoiceConfig(ctx, record)) note = "The number's previous voice settings were restored.";
    } catch (error) {
      note = `The number's voice settings could not be restored yet (${problemFrom(error).message}); the bot retries at its next start.`;
    }
    // The voice settings are back whatever else changed meanwhile: that is stored with the abandon.
    const restored = record.voiceForward;
    const saved = await commit(
      ctx,
      senderChange(
        record,
        (r) => {
          r.state = 'abandoned';
          r.updatedAt = iso(ctx.clock.now());
          if (restored) r.voiceForward = restored;
        },
        () => ({ audit: [{ at: iso(ctx.clock.now()), user, action: 'abandon', target: record.phoneNumber }] }),
      ),
    );
    return { ok: true, record: saved, note };
  });
}
