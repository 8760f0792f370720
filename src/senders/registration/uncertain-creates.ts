import { iso, pastTime } from '../../clock.js';
import type { SenderRecord } from '../../store/schema.js';
import type { SenderWire } from '../../twilio/wire.js';
import { registrationKey } from '../claims.js';
import { storeUnlessChanged } from '../commit.js';
import type { SendersContext } from '../context.js';
import { problemFrom } from '../outcome.js';
import { adoptCreated } from './registration.js';

/** A create whose outcome is unknown is looked up again this many times within its settle time. */
const CHECKS_PER_SETTLE = 12;

/** A create settles after this many of Twilio's request time limits (see SendersSettings.createSettleMs). */
export const SETTLE_TIMEOUTS = 4;

export interface ReconcileReport {
  adopted: SenderRecord[];
  requeued: SenderRecord[];
  /** When the next record should be looked at again, if any is still unresolved. */
  nextAt?: number;
}

/** Records whose create went out (or was about to) and whose outcome nobody in this process is waiting for. */
export const unresolvedCreates = async (ctx: SendersContext): Promise<SenderRecord[]> =>
  (await ctx.store.senders.creating()).filter((r) => !ctx.inProcess.has(registrationKey(r.id)));

/**
 * Settles creates whose outcome is unknown (a lost answer, a 5xx, a crash mid-request) with
 * Twilio itself: the sender exists → the record follows it; Twilio still does not have it once
 * the create had time to land → the record goes back to the queue and is sent again at its
 * account's turn. A failed look-up settles nothing: the record stays "being checked".
 */
export async function reconcileUncertainCreates(ctx: SendersContext): Promise<ReconcileReport> {
  const now = ctx.clock.now();
  const settleMs = ctx.settings.createSettleMs;
  const recheckMs = settleMs / CHECKS_PER_SETTLE;
  const report: ReconcileReport = { adopted: [], requeued: [] };
  const due = (await unresolvedCreates(ctx)).filter((r) => {
    const stillSending = sentElsewhereAt(ctx, r, now);
    if (stillSending !== undefined) {
      report.nextAt = Math.min(report.nextAt ?? Infinity, stillSending + sendingMs(settleMs));
      return false;
    }
    const checkedAt = r.pendingCreate?.checkedAt ? Date.parse(r.pendingCreate.checkedAt) : 0;
    // A time recorded in the future (the clock stepped back) never holds a check back.
    if (checkedAt <= now && now - checkedAt < recheckMs) {
      report.nextAt = Math.min(report.nextAt ?? Infinity, checkedAt + recheckMs);
      return false;
    }
    return true;
  });
  const byAccount = new Map<string, SenderRecord[]>();
  for (const r of due) byAccount.set(r.accountSid, [...(byAccount.get(r.accountSid) ?? []), r]);

  for (const [account, records] of byAccount) {
    let listed: SenderWire[];
    try {
      listed = await ctx.twilio.listSenders(account);
    } catch (error) {
      ctx.logger.warn('could not check unconfirmed creates with Twilio; will try again', { account, error: problemFrom(error).message });
      for (const r of records) {
        markChecked(r, now);
        await storeUnlessChanged(ctx, r);
      }
      report.nextAt = Math.min(report.nextAt ?? Infinity, now + recheckMs);
      continue;
    }
    for (const seen of records) {
      // Looked at again after the await: meanwhile a create round may have taken it.
      const record = await ctx.store.senders.get(seen.id);
      if (record?.state !== 'creating' || ctx.inProcess.has(registrationKey(record.id))) continue;
      const found = listed.find((s) => s.sender_id === `whatsapp:${record.phoneNumber}`);
      if (found) {
        await adoptCreated(ctx, record, found, record.path !== 'twilio_sms');
        if (await storeUnlessChanged(ctx, record)) report.adopted.push(record);
        continue;
      }
      // The wait counts from the later of the request leaving and its answer being lost (or, after a
      // crash, the first look after the restart): a slow request never shortens it.
      const pending = record.pendingCreate;
      const sent = pending?.since ? pastTime(pending, 'since', now) : 0;
      const lost = pending?.uncertainSince ? pastTime(pending, 'uncertainSince', now) : 0;
      const since = Math.max(sent, lost);
      if (now - since >= settleMs) {
        requeue(record, now);
        if (await storeUnlessChanged(ctx, record)) report.requeued.push(record);
        continue;
      }
      markChecked(record, now);
      await storeUnlessChanged(ctx, record);
      report.nextAt = Math.min(report.nextAt ?? Infinity, Math.min(now + recheckMs, since + settleMs));
    }
  }
  return report;
}

/**
 * When another replica sent this create after this process started and may still be waiting
 * for Twilio's answer (no answer was lost, and it is still sending: see sendingMs), the time it was
 * sent: that replica records the outcome, and a look now would only get in its way. A create
 * sent before this process started is its own to settle (it was sent by the process this one
 * replaces, or by a replica whose answer is as good as lost).
 */
function sentElsewhereAt(ctx: SendersContext, record: SenderRecord, now: number): number | undefined {
  const pending = record.pendingCreate;
  if (ctx.startedAt === undefined || !pending?.since || pending.uncertainSince) return undefined;
  const sent = Date.parse(pending.since);
  return sent > ctx.startedAt && sent <= now && now - sent < sendingMs(ctx.settings.createSettleMs) ? sent : undefined;
}

/**
 * How long a replica may still be sending a create it stored as sent: a voice forward, the
 * subaccount's token and the create itself each get one Twilio time limit, retries aside.
 */
const sendingMs = (settleMs: number) => ((SETTLE_TIMEOUTS - 1) * settleMs) / SETTLE_TIMEOUTS;

function markChecked(record: SenderRecord, now: number): void {
  record.pendingCreate = {
    since: record.pendingCreate?.since ?? iso(now),
    uncertainSince: record.pendingCreate?.uncertainSince ?? iso(now),
    checkedAt: iso(now),
  };
}

function requeue(record: SenderRecord, now: number): void {
  record.state = 'queued';
  record.pendingCreate = undefined;
  record.queuedAt ??= record.createdAt;
  record.updatedAt = iso(now);
}
