import { iso } from '../../clock.js';
import { TwilioApiError } from '../../twilio/errors.js';
import { commit, senderChange } from '../commit.js';
import type { SendersContext } from '../context.js';
import type { ChannelScope } from '../customers/channel-scope.js';
import { OUT_OF_SCOPE } from '../customers/channel-scope.js';
import { restoreVoiceConfig } from '../numbers/voice-forward.js';
import { type Problem, problemFrom } from '../outcome.js';

export type DeleteResult = { ok: true; note: string } | { ok: false; problem: Problem };

/**
 * Deletes a sender in Twilio and marks the bot's records of it. Deleting again is harmless:
 * Twilio's 404 means it is already gone.
 */
export async function deleteSender(ctx: SendersContext, accountSid: string, sid: string, user: string, scope: ChannelScope): Promise<DeleteResult> {
  if (!scope.allows(accountSid) || !/^XE[0-9a-fA-F]{32}$/.test(sid)) return { ok: false, problem: { message: OUT_OF_SCOPE } };
  let already = false;
  try {
    await ctx.twilio.deleteSender(accountSid, sid);
  } catch (error) {
    if (!(error instanceof TwilioApiError && error.status === 404)) return { ok: false, problem: problemFrom(error) };
    already = true;
  }
  const now = ctx.clock.now();
  for (const record of await ctx.store.senders.withSid(sid, accountSid)) {
    await restoreVoiceConfig(ctx, record).catch((e) => ctx.logger.warn('could not restore voice settings', { id: record.id, error: problemFrom(e).message }));
    const restored = record.voiceForward;
    await commit(
      ctx,
      senderChange(record, (r) => {
        if (r.status !== 'DELETED') {
          r.status = 'DELETED';
          r.statusHistory.push({ status: 'DELETED', at: iso(now) });
        }
        r.state = 'abandoned';
        r.updatedAt = iso(now);
        if (restored) r.voiceForward = restored;
      }),
    );
  }
  await commit(ctx, async () => ({ audit: [{ at: iso(now), user, action: 'delete', target: sid, detail: already ? 'already deleted' : undefined }] }));
  return { ok: true, note: already ? `${sid} was already deleted in Twilio; nothing more to do.` : `${sid} is deleted in Twilio.` };
}
