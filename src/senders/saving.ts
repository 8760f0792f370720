import { type Repos, StaleRecordError } from '../store/repositories.js';
import type { AuditEntry, SenderRecord } from '../store/schema.js';
import { ignoreStorageError } from '../store/storage-error.js';
import type { SendersContext } from './context.js';

/**
 * Saves a record for work that goes on whatever the storage does: a storage fault is the
 * store's to retry and alert. False when someone else changed the record since it was read;
 * their change stands and this one is dropped (the record is looked at again next time).
 */
export async function saveSender(ctx: SendersContext, record: SenderRecord, repos: Repos = ctx.store): Promise<boolean> {
  try {
    await repos.senders.save(record);
    return true;
  } catch (error) {
    if (error instanceof StaleRecordError) {
      ctx.logger.info('a sender changed meanwhile; this change was dropped', { id: record.id });
      return false;
    }
    ignoreStorageError(error);
    return true;
  }
}

/**
 * Stores a person's change to a record with its audit entry, together or not at all: a record
 * changed meanwhile (StaleRecordError) or a storage fault leaves no audit entry of a change that
 * was not kept.
 */
export async function saveWithAudit(ctx: SendersContext, record: SenderRecord, entry: AuditEntry): Promise<void> {
  await ctx.store.atomically(async (tx) => {
    await tx.senders.save(record);
    await tx.audit.add(entry);
  });
}

/**
 * Applies `change` to the record and saves it, with whatever `alongside` writes (its audit entry,
 * its Slack messages) in the same unit: those are stored only with the change. When someone else
 * saved the record meanwhile (the poller, another replica), the change is applied again to a
 * fresh copy: for changes that hold whatever else changed (what Twilio just answered). Returns
 * the record as saved.
 */
export async function changeSender(
  ctx: SendersContext,
  record: SenderRecord,
  change: (record: SenderRecord) => void,
  alongside?: (tx: Repos, saved: SenderRecord) => Promise<void>,
): Promise<SenderRecord> {
  let current = record;
  for (let attempt = 1; ; attempt += 1) {
    change(current);
    try {
      const saved = current;
      // A storage fault keeps the change and its companions for the store's retry, as a lone save does.
      if (alongside)
        await ctx.store.atomically(
          async (tx) => {
            await tx.senders.save(saved);
            await alongside(tx, saved);
          },
          { keepOnStorageError: true },
        );
      else await ctx.store.senders.save(saved);
      return current;
    } catch (error) {
      if (!(error instanceof StaleRecordError) || attempt >= 5) throw error;
      const fresh = await ctx.store.senders.get(record.id);
      if (!fresh) throw error;
      current = fresh;
    }
  }
}
