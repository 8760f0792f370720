import { iso } from '../../clock.js';
import { type NewOutboxItem, StaleRecordError } from '../../store/repositories.js';
import type { SenderRecord } from '../../store/schema.js';
import { StorageError } from '../../store/storage-error.js';
import { commit, senderChange } from '../commit.js';
import type { SendersContext } from '../context.js';
import { LONGEST } from '../input-limits.js';
import { problemFrom } from '../outcome.js';
import { checkSoon } from '../watch/schedule.js';
import { applySenderWire } from '../watch/status-tracking.js';
import { type ActionResult, exclusive, loadRegistration } from './code-action.js';

/** Meta's codes are 6 digits; spaces and dashes people type are dropped. */
export function cleanCode(input: string): string | undefined {
  if (input.length > LONGEST.code) return undefined;
  const digits = input.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(digits) ? digits : undefined;
}

export const CODE_FORMAT_ERROR = 'The code has 6 digits, e.g. 123456. Type only the digits from the SMS, the call or the voicemail email.';

export interface SubmitOptions {
  /** Slack messages stored with the accepted code (the note of a code taken from Meta's call). */
  messages?: (record: SenderRecord) => NewOutboxItem[];
  /** A change stored with the accepted code, in the same save (a call's token spent). */
  accepted?: (record: SenderRecord) => void;
}

export function submitCode(ctx: SendersContext, id: string, input: string, user: string, options: SubmitOptions = {}): Promise<ActionResult> {
  return exclusive(ctx, id, async () => {
    const record = await loadRegistration(ctx, id);
    if (!('id' in record)) return { ok: false, problem: record };
    const code = cleanCode(input);
    if (!code) return { ok: false, problem: { message: CODE_FORMAT_ERROR }, record };
    ctx.secrets.addCode(code);
    if (record.state !== 'awaiting_code' || !record.sid) {
      return { ok: false, problem: { message: `No code is needed now: the sender is ${record.status ?? record.state}.` }, record };
    }
    const sid = record.sid;
    let wire: Awaited<ReturnType<typeof ctx.twilio.updateSender>>;
    try {
      wire = await ctx.twilio.updateSender(record.accountSid, sid, { configuration: { verification_code: code } });
    } catch (error) {
      const problem = problemFrom(error);
      const saved = await commit(
        ctx,
        senderChange(
          record,
          (r) => {
            r.otp.codeAttempts += 1;
            r.lastError = { code: problem.twilioCode, message: problem.message };
          },
          () => ({
            audit: [
              {
                at: iso(ctx.clock.now()),
                user,
                action: 'enter_code_rejected',
                target: record.phoneNumber,
                detail: problem.twilioCode ? String(problem.twilioCode) : undefined,
              },
            ],
          }),
        ),
      );
      return { ok: false, problem, record: saved };
    }
    try {
      const saved = await commit(
        ctx,
        senderChange(
          record,
          (r) => {
            r.otp.codeAttempts += 1;
            applySenderWire(r, wire, ctx.clock.now());
            if (r.state === 'awaiting_code') r.state = 'verifying';
            r.lastError = undefined;
            checkSoon(r, ctx.clock.now());
            options.accepted?.(r);
          },
          (r) => ({
            audit: [{ at: iso(ctx.clock.now()), user, action: 'enter_code', target: record.phoneNumber }],
            messages: options.messages?.(r) ?? [],
          }),
        ),
      );
      return { ok: true, record: saved };
    } catch (error) {
      // Twilio took the code, and the record kept changing under this save or could not be stored:
      // the person is told the code went in (it did); the poller reads the sender's new state from
      // Twilio at its next check.
      if (!(error instanceof StaleRecordError) && !(error instanceof StorageError)) throw error;
      ctx.logger.warn('a code Twilio accepted could not be recorded yet', { id: record.id, error: problemFrom(error).message });
      return { ok: true, record: (await ctx.store.senders.get(record.id).catch(() => undefined)) ?? record };
    }
  });
}
