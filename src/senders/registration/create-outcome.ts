import { type NewOutboxItem, StaleRecordError } from '../../store/repositories.js';
import type { SenderRecord } from '../../store/schema.js';
import { ignoreStorageError } from '../../store/storage-error.js';
import type { SendersContext } from '../context.js';

const ATTEMPTS = 5;

/**
 * Stores what a create's answer made of a record (its SID and state, or Twilio's refusal) with the
 * Slack messages that tell of it, in one write. Someone saving the record while the create was
 * out (a reconcile round marking it checked, another replica) does not drop the outcome: while the
 * stored record still waits for this create's answer (`creating`), the outcome is applied to it;
 * once someone else settled it, theirs stands and only a SID it lacks is added. Returns the record
 * as stored, or undefined when it is gone. A storage fault is the store's to retry and alert.
 */
export async function storeCreateOutcome(
  ctx: SendersContext,
  outcome: SenderRecord,
  messages: (record: SenderRecord) => NewOutboxItem[],
): Promise<SenderRecord | undefined> {
  let current = outcome;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const saved = current;
      // A storage fault keeps the outcome for the store's retry, as a lone save would: Twilio has answered.
      await ctx.store.atomically(
        async (tx) => {
          await tx.senders.save(saved);
          for (const item of messages(saved)) await tx.outbox.enqueue(item, ctx.clock.now());
        },
        { keepOnStorageError: true },
      );
      return current;
    } catch (error) {
      if (!(error instanceof StaleRecordError)) {
        ignoreStorageError(error);
        return current;
      }
      const fresh = await ctx.store.senders.get(outcome.id);
      if (!fresh) return undefined;
      if (attempt >= ATTEMPTS) {
        ctx.logger.warn('the outcome of a create could not be stored: the record kept changing', { id: outcome.id, sid: outcome.sid });
        return fresh;
      }
      if (fresh.state === 'creating') current = { ...outcome, version: fresh.version };
      else if (outcome.sid && !fresh.sid) current = { ...fresh, sid: outcome.sid };
      else return fresh;
    }
  }
}
