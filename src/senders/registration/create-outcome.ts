import { type NewOutboxItem, StaleRecordError } from '../../store/repositories.js';
import type { SenderRecord } from '../../store/schema.js';
import { commit } from '../commit.js';
import type { SendersContext } from '../context.js';

const ATTEMPTS = 5;

/**
 * Stores what a create's answer made of a record (its SID and state, or Twilio's refusal) with the
 * Slack messages that tell of it, in one unit. Someone saving the record while the create was
 * out (a reconcile round marking it checked, another replica) does not drop the outcome: while the
 * stored record still waits for this create's answer (`creating`), the outcome is applied to it;
 * once someone else settled it, theirs stands and only a SID it lacks is added. Returns the record
 * as stored, or undefined when it is gone. A storage failure stores nothing and is thrown: the
 * record stays `creating`, and the unconfirmed-create check settles it from Twilio.
 */
export async function storeCreateOutcome(
  ctx: SendersContext,
  outcome: SenderRecord,
  messages: (record: SenderRecord) => NewOutboxItem[],
): Promise<SenderRecord | undefined> {
  try {
    return await commit(
      ctx,
      async (read, attempt) => {
        if (attempt === 1) return { senders: [outcome], messages: messages(outcome), result: outcome };
        const fresh = await read.senders.get(outcome.id);
        if (!fresh) return { result: undefined };
        let current: SenderRecord;
        if (fresh.state === 'creating') current = { ...outcome, version: fresh.version };
        else if (outcome.sid && !fresh.sid) current = { ...fresh, sid: outcome.sid };
        else return { result: fresh };
        return { senders: [current], messages: messages(current), result: current };
      },
      { attempts: ATTEMPTS },
    );
  } catch (error) {
    if (!(error instanceof StaleRecordError)) throw error;
    ctx.logger.warn('the outcome of a create could not be stored: the record kept changing', { id: outcome.id, sid: outcome.sid });
    return ctx.store.senders.get(outcome.id);
  }
}
