import { iso } from '../../clock.js';
import { audit } from '../../store/audit.js';
import { TwilioApiError } from '../../twilio/errors.js';
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
  for (const record of ctx.store.data.senders.filter((r) => r.sid === sid && r.accountSid === accountSid)) {
    if (record.status !== 'DELETED') {
      record.status = 'DELETED';
      record.statusHistory.push({ status: 'DELETED', at: iso(now) });
    }
    record.state = 'abandoned';
    record.updatedAt = iso(now);
    await restoreVoiceConfig(ctx, record).catch((e) => ctx.logger.warn('could not restore voice settings', { id: record.id, error: problemFrom(e).message }));
  }
  audit(ctx.store, { at: iso(now), user, action: 'delete', target: sid, detail: already ? 'already deleted' : undefined });
  await ctx.store.write();
  return { ok: true, note: already ? `${sid} was already deleted in Twilio; nothing more to do.` : `${sid} is deleted in Twilio.` };
}
