import { iso } from '../../clock.js';
import type { AuditEntry, SenderRecord } from '../../store/schema.js';
import { type ActionResult, exclusive, loadRegistration } from '../codes/code-action.js';
import { commit } from '../commit.js';
import type { SendersContext } from '../context.js';

/** A retry that needs more than the failure: `only` refuses it (its reason) from the record as read; `audit` is stored with it. */
export interface ConfirmedRetry {
  only?: (record: SenderRecord) => string | undefined;
  audit?: (record: SenderRecord) => AuditEntry;
}

/**
 * Retry: a failed registration goes back to the create queue with the same values (after the
 * person fixed what the bot said), keeping its message. What Twilio said of the failed attempt
 * is cleared; the queue settles the path again and sends it at the account's next turn.
 */
export function retryRegistration(ctx: SendersContext, id: string, user: string, confirmed: ConfirmedRetry = {}): Promise<ActionResult> {
  return exclusive(ctx, id, async () => {
    const record = await loadRegistration(ctx, id);
    if (!('id' in record)) return { ok: false, problem: record };
    if (record.state !== 'failed')
      return { ok: false, problem: { message: `Nothing to retry: the registration is ${record.status ?? record.state}.` }, record };
    const refusal = confirmed.only?.(record);
    if (refusal) return { ok: false, problem: { message: refusal }, record };
    const before = confirmed.audit?.(record);
    const other = await ctx.store.senders.findActive(record.accountSid, record.phoneNumber);
    if (other) return { ok: false, problem: { message: `${record.phoneNumber} is already being registered again (registration ${other.id}).` }, record };
    const now = iso(ctx.clock.now());
    Object.assign(record, {
      state: 'queued',
      queuedAt: now,
      updatedAt: now,
      sid: undefined,
      status: undefined,
      statusHistory: [],
      lastError: undefined,
      pendingCreate: undefined,
      qualityRating: undefined,
      messagingLimit: undefined,
      offlineReasons: undefined,
      watch: undefined,
      dismissed: undefined,
      // A bulk row sent again on its own: its run may be over.
      bulk: undefined,
      otp: { codeAttempts: 0, resends: 0 },
    });
    if (record.voiceForward?.restoredAt) record.voiceForward = undefined;
    const audit = [...(before ? [before] : []), { at: now, user, action: 'retry', target: record.phoneNumber }];
    await commit(ctx, async () => ({ senders: [record], audit }), { attempts: 1 });
    return { ok: true, record, note: `Sent again by <@${user}> with the same values; it goes at the account's next turn.` };
  });
}

/** Dismiss: a failed registration is set aside; it stays in the data and can still be retried. */
export function dismissRegistration(ctx: SendersContext, id: string, user: string): Promise<ActionResult> {
  return exclusive(ctx, id, async () => {
    const record = await loadRegistration(ctx, id);
    if (!('id' in record)) return { ok: false, problem: record };
    if (record.state !== 'failed')
      return { ok: false, problem: { message: `Only a failed registration can be dismissed; this one is ${record.status ?? record.state}.` }, record };
    const now = iso(ctx.clock.now());
    record.dismissed = { by: user, at: now };
    await commit(ctx, async () => ({ senders: [record], audit: [{ at: now, user, action: 'dismiss', target: record.phoneNumber }] }), { attempts: 1 });
    return { ok: true, record, note: `Dismissed by <@${user}>.` };
  });
}
