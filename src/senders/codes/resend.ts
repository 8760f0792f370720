import { iso } from '../../clock.js';
import type { SenderRecord, VerificationMethod } from '../../store/schema.js';
import { StorageError } from '../../store/storage-error.js';
import { TwilioApiError } from '../../twilio/errors.js';
import { commit, senderChange } from '../commit.js';
import type { SendersContext } from '../context.js';
import { newCallNonce } from '../numbers/voice-call-token.js';
import { forwardCallsForTheCode } from '../numbers/voice-forward.js';
import { notSaved, problemFrom } from '../outcome.js';
import { createBodyFor, methodOf } from '../registration/create-body.js';
import { nextCreateAt, takeCreateTurn } from '../registration/pacing.js';
import { checkSoon } from '../watch/schedule.js';
import { applySenderWire } from '../watch/status-tracking.js';
import { type ActionResult, exclusive, loadRegistration } from './code-action.js';
import { CodeRequestsSpentError, codeRequestsLeftNote, codeRequestsOf, codeRequestsSpent, countCodeRequest, takeBackCodeRequest } from './code-requests.js';
import { codeSentAt } from './code-sent.js';

/** When the next create (resend) for this registration is allowed, as a timestamp. */
export function nextResendAt(ctx: SendersContext, record: SenderRecord, now: number): number {
  return (codeSentAt(record, now) ?? 0) + ctx.settings.resendMinMinutes * 60_000;
}

/** Resends the code by creating the sender again, as Twilio's troubleshooting says; optionally by voice. */
export function resendCode(ctx: SendersContext, id: string, user: string, method?: VerificationMethod): Promise<ActionResult> {
  return exclusive(ctx, id, async () => {
    const record = await loadRegistration(ctx, id);
    if (!('id' in record)) return { ok: false, problem: record };
    if (record.path === 'twilio_sms') return { ok: false, problem: { message: 'Twilio verifies this number by itself; there is no code to resend.' }, record };
    if (record.path === 'watched') {
      return { ok: false, problem: { message: 'This sender was registered outside the bot; resend its code where it was created (Console or API).' }, record };
    }
    if (record.state !== 'awaiting_code') {
      return { ok: false, problem: { message: `No code is needed now: the sender is ${record.status ?? record.state}.` }, record };
    }
    if (method === 'voice' && record.path !== 'external_sms') {
      return { ok: false, problem: { message: 'This registration already verifies by voice call; use Resend code to get another call.' }, record };
    }
    if (record.otp.resends >= ctx.settings.maxResends) {
      return {
        ok: false,
        problem: {
          message: `The code was already resent ${record.otp.resends} times, the most the bot allows. Check the Twilio error log for this number, then contact Twilio support.`,
        },
        record,
      };
    }
    const now = ctx.clock.now();
    // Both read together, so times recorded in the future are both moved to this moment.
    const recordedAt = record.otp.lastCreateAt;
    const allowedAt = nextResendAt(ctx, record, now);
    // A time recorded while the clock ran ahead was moved to now: kept so, the wait counts from here.
    if (record.otp.lastCreateAt !== recordedAt)
      await commit(
        ctx,
        senderChange(record, (r) => codeSentAt(r, now)),
      );
    const accountFreeAt = await nextCreateAt(ctx, record.accountSid, now);
    // Meta's limit for the number comes first: it is the longer wait, whatever else waits.
    const outOfCodes = async () => {
      const budget = await codeRequestsOf(ctx.store, record.phoneNumber, now);
      return budget.left > 0 ? undefined : { ok: false as const, problem: codeRequestsSpent(record.phoneNumber, budget, now), record };
    };
    const spent = await outOfCodes();
    if (spent) return spent;
    if (now < allowedAt) {
      return {
        ok: false,
        problem: { message: 'Twilio asks for several minutes between requests for one sender.', reason: { kind: 'resend_wait', at: allowedAt, now } },
        record,
      };
    }
    const accountBusy = (freeAt: number) => ({
      ok: false as const,
      problem: {
        message: 'Twilio asks for several minutes between sender requests in one account, and this account just had one.',
        reason: { kind: 'account_wait' as const, at: freeAt, now },
      },
      record,
    });
    if (now < accountFreeAt) return accountBusy(accountFreeAt);
    const switching = method === 'voice';
    const before = { path: record.path, resends: record.otp.resends, lastCreateAt: record.otp.lastCreateAt, call: record.voiceForward?.call };
    const takeBack = () => {
      record.path = before.path;
      record.otp.resends = before.resends;
      record.otp.lastCreateAt = before.lastCreateAt;
      if (record.voiceForward) record.voiceForward.call = before.call;
    };
    // Meta's new call gets a token of its own, stored before the request goes out (the call may come before the answer).
    const call = record.voiceForward?.call;
    // Once any call was answered under the token (a stranger's, or Meta's unclear one), Meta's new call gets all its tries.
    const newCall = Boolean(call && (call.spentAt || (call.calls?.length ?? 0) > 0 || record.voiceForward?.restoredAt));
    if (newCall && record.voiceForward) record.voiceForward.call = { nonce: newCallNonce() };
    // Counted and stored before the request goes out: a crash while Twilio holds it cannot
    // open the way to a second resend inside the interval.
    if (switching) record.path = 'external_voice';
    record.otp.resends += 1;
    record.otp.lastCreateAt = iso(now);
    const entry = { at: iso(now), user, action: switching ? 'switch_to_voice' : 'resend_code', target: record.phoneNumber };
    let countedAt: string | undefined;
    try {
      const turn = await commit(
        ctx,
        async () => ({
          also: async (tx) => {
            if (!(await takeCreateTurn(ctx, record.accountSid, now, tx))) return false;
            countedAt = await countCodeRequest(tx, record, switching ? 'voice' : 'resend', now);
            await tx.senders.save(record);
            await tx.audit.add(entry);
            return true;
          },
        }),
        { attempts: 1 },
      );
      if (!turn) {
        takeBack();
        return accountBusy(await nextCreateAt(ctx, record.accountSid, now));
      }
    } catch (error) {
      takeBack();
      // Another registration of the number took its last code request meanwhile.
      if (error instanceof CodeRequestsSpentError) return (await outOfCodes()) ?? { ok: false, problem: { message: error.message }, record };
      if (!(error instanceof StorageError)) throw error;
      return { ok: false, problem: notSaved(error, 'code_request'), record };
    }
    let outcome: ActionResult;
    let settle: (r: SenderRecord) => void;
    let refused = false;
    try {
      // The calls went back to the number's own settings (code taken, or the forward ran out), or the bot took the last call:
      // Meta's new call must reach the voicemail, or the bot under a new token.
      if (record.voiceForward?.restoredAt || newCall) await forwardCallsForTheCode(ctx, record);
      const wire = await ctx.twilio.createSender(record.accountSid, createBodyFor(record, methodOf(record)));
      settle = (r) => {
        if (r !== record && record.voiceForward) r.voiceForward = record.voiceForward;
        applySenderWire(r, wire, ctx.clock.now());
        r.state = 'awaiting_code';
        r.lastError = undefined;
        checkSoon(r, ctx.clock.now());
      };
      outcome = { ok: true, record, note: switching ? 'Meta will call the number and read out a new code.' : 'A new code is on its way.' };
    } catch (error) {
      const problem = problemFrom(error);
      if (error instanceof TwilioApiError && error.uncertain) {
        // Twilio may have taken it: the resend stays counted, and the person waits for the code.
        const at = ctx.clock.now();
        settle = (r) => {
          if (r !== record && record.voiceForward) r.voiceForward = record.voiceForward;
        };
        outcome = {
          ok: false,
          problem: { message: problem.message, reason: { kind: 'resend_unconfirmed', at: nextResendAt(ctx, record, at), now: at } },
          record,
        };
      } else {
        // Refused: no code went out, so the resend does not count, with Meta either.
        refused = true;
        settle = (r) => {
          if (r !== record && record.voiceForward) r.voiceForward = record.voiceForward;
          r.path = before.path;
          r.otp.resends = before.resends;
          r.otp.lastCreateAt = before.lastCreateAt;
          r.lastError = { code: problem.twilioCode, message: problem.message };
        };
        outcome = { ok: false, problem, record };
      }
    }
    if (refused && countedAt) await takeBackCodeRequest(ctx, record, countedAt);
    try {
      const saved = await commit(ctx, senderChange(record, settle));
      if (outcome.ok) return { ...outcome, record: saved, note: `${outcome.note} ${await leftNote(ctx, record.phoneNumber)}`.trim() };
      return { ...outcome, record: saved };
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      // Counted as resent (stored before the request); Twilio's answer is read again at the next check.
      return { ok: false, problem: notSaved(error, 'resend_answer'), record };
    }
  });
}

/** How many code requests the number has left, for the answer; nothing when the store cannot say. */
const leftNote = (ctx: SendersContext, phoneNumber: string): Promise<string> =>
  codeRequestsOf(ctx.store, phoneNumber, ctx.clock.now()).then(codeRequestsLeftNote, () => '');
