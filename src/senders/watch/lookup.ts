import { iso } from '../../clock.js';
import type { SenderRecord } from '../../store/schema.js';
import { isNotFound } from '../../twilio/errors.js';
import type { SenderWire } from '../../twilio/wire.js';
import { commit, senderChange } from '../commit.js';
import type { SendersContext } from '../context.js';
import { type ChannelScope, OUT_OF_SCOPE, UNBOUND } from '../customers/channel-scope.js';
import { normalizePhone } from '../numbers/phone.js';
import { type Problem, problemFrom } from '../outcome.js';
import { refreshSender } from './refresh.js';
import { checkSoon } from './schedule.js';
import { applySenderWire } from './status-tracking.js';

export type LookupResult = { ok: true; record: SenderRecord; tracked: boolean; codeNotAccepted: boolean } | { ok: false; problem: Problem };

const SENDER_SID = /^XE[0-9a-fA-F]{32}$/;
const STORED_FORM = /^\+[1-9]\d{7,14}$/;

/**
 * Finds a sender by SID or number, fresh from Twilio: tracked ones first, then every known
 * account. `checkTracked` is the watcher's check of a tracked sender (recorded, with its alerts).
 */
export async function lookupSender(
  ctx: SendersContext,
  target: string,
  scope: ChannelScope = UNBOUND,
  checkTracked?: (record: SenderRecord) => Promise<SenderRecord | undefined>,
): Promise<LookupResult> {
  try {
    // A number typed as the bot stores it (E.164) is found without parsing it again.
    const typed = target.trim();
    const exact = STORED_FORM.test(typed) ? await ctx.store.senders.findBySidOrPhone(typed) : undefined;
    const key = exact ? typed : senderKey(target);
    if (typeof key !== 'string') return { ok: false, problem: key };
    const tracked = exact ?? (await ctx.store.senders.findBySidOrPhone(key));
    if (tracked && !scope.allows(tracked.accountSid)) return { ok: false, problem: { message: OUT_OF_SCOPE } };
    if (tracked) {
      if (checkTracked) {
        // The watcher's own check: a change it finds (a drop, a fall of quality) gets its alerts.
        const wasVerifying = tracked.state === 'verifying';
        const checked = (await checkTracked(tracked)) ?? tracked;
        return { ok: true, record: checked, tracked: true, codeNotAccepted: wasVerifying && checked.state === 'awaiting_code' };
      }
      // Shown fresh but left for the watcher to record, so a look never swallows a change's alerts.
      const fresh = structuredClone(tracked);
      const result = await refreshSender(ctx, fresh);
      if (fresh.status !== tracked.status || fresh.qualityRating !== tracked.qualityRating || fresh.messagingLimit !== tracked.messagingLimit) {
        await commit(
          ctx,
          senderChange(tracked, (r) => checkSoon(r, ctx.clock.now())),
        );
      }
      return { ok: true, record: fresh, tracked: true, codeNotAccepted: result.codeNotAccepted };
    }
    const found = await searchAccounts(ctx, key, scope);
    if (!found) return { ok: false, problem: scope.customer ? { message: OUT_OF_SCOPE } : notFound(key) };
    return { ok: true, record: untrackedRecord(ctx, found.accountSid, found.wire), tracked: false, codeNotAccepted: false };
  } catch (error) {
    return { ok: false, problem: problemFrom(error) };
  }
}

/** A sender SID as given, or a phone number in E.164; a Problem when it is neither. */
export function senderKey(target: string): string | Problem {
  const trimmed = target.trim();
  if (SENDER_SID.test(trimmed)) return trimmed;
  const phone = normalizePhone(trimmed);
  return phone.ok ? phone.e164 : { message: `${phone.error} Or give the sender SID (XE followed by 32 characters).` };
}

export const notFound = (key: string): Problem => ({
  message: `No WhatsApp sender ${key} in the main account or any customer's subaccount. Check the number or SID, or register it with \`register\`.`,
});

/** Looks for a sender in the main account and every customer's subaccount. */
export async function searchAccounts(
  ctx: SendersContext,
  key: string,
  scope: ChannelScope = UNBOUND,
): Promise<{ accountSid: string; wire: SenderWire } | undefined> {
  const accounts = [ctx.twilio.mainAccountSid, ...(await ctx.store.customers.list()).map((c) => c.accountSid)].filter((a) => scope.allows(a));
  for (const accountSid of accounts) {
    if (SENDER_SID.test(key)) {
      try {
        return { accountSid, wire: await ctx.twilio.fetchSender(accountSid, key) };
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    } else {
      const wire = (await ctx.twilio.listSenders(accountSid)).find((s) => s.sender_id === `whatsapp:${key}`);
      if (wire) return { accountSid, wire };
    }
  }
  return undefined;
}

export function untrackedRecord(ctx: SendersContext, accountSid: string, wire: SenderWire): SenderRecord {
  const now = ctx.clock.now();
  const record: SenderRecord = {
    id: 'untracked',
    accountSid,
    phoneNumber: (wire.sender_id ?? '').replace(/^whatsapp:/, ''),
    path: wire.configuration?.verification_method === 'voice' ? 'external_voice' : 'external_sms',
    state: 'verifying',
    statusHistory: [],
    profile: { name: wire.profile?.name ?? '(no name)' },
    webhook: {},
    requestedBy: 'unknown',
    createdAt: iso(now),
    updatedAt: iso(now),
    otp: { codeAttempts: 0, resends: 0 },
  };
  applySenderWire(record, wire, now);
  return record;
}
