import { iso } from '../../clock.js';
import { audit } from '../../store/audit.js';
import type { SenderRecord, VerificationMethod } from '../../store/schema.js';
import { findSenderById } from '../../store/senders.js';
import { TwilioApiError } from '../../twilio/errors.js';
import { timeText } from '../../views/time-text.js';
import { registrationKey } from '../claims.js';
import type { SendersContext } from '../context.js';
import { LONGEST } from '../input-limits.js';
import { restoreVoiceConfig } from '../numbers/voice-forward.js';
import { type Problem, problemFrom } from '../outcome.js';
import { createBodyFor, methodOf } from '../registration/create-body.js';
import { nextCreateAt, takeCreateTurn } from '../registration/pacing.js';
import { checkSoon } from '../watch/schedule.js';
import { applySenderWire } from '../watch/status-tracking.js';
import { codeSentAt } from './code-sent.js';

export type ActionResult = { ok: true; record: SenderRecord; note?: string } | { ok: false; problem: Problem; record?: SenderRecord };

const BUSY: ActionResult = { ok: false, problem: { message: 'This registration is already being worked on; wait a moment and look again.' } };

/** One action at a time per registration: a double click or a Slack retry gets a polite no. */
const exclusive = (ctx: SendersContext, id: string, work: () => Promise<ActionResult>): Promise<ActionResult> =>
  ctx.claims.exclusive(registrationKey(id), () => BUSY, work);

function load(ctx: SendersContext, id: string): SenderRecord | Problem {
  const record = findSenderById(ctx.store, id);
  return record ?? { message: `This registration is no longer tracked by the bot. Use \`${ctx.settings.command} list\` to see the current ones.` };
}

/** Meta's codes are 6 digits; spaces and dashes people type are dropped. */
export function cleanCode(input: string): string | undefined {
  if (input.length > LONGEST.code) return undefined;
  const digits = input.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(digits) ? digits : undefined;
}

export const CODE_FORMAT_ERROR = 'The code has 6 digits, e.g. 123456. Type only the digits from the SMS, the call or the voicemail email.';

export function submitCode(ctx: SendersContext, id: string, input: string, user: string): Promise<ActionResult> {
  return exclusive(ctx, id, async () => {
    const record = load(ctx, id);
    if (!('id' in record)) return { ok: false, problem: record };
    const code = cleanCode(input);
    if (!code) return { ok: false, problem: { message: CODE_FORMAT_ERROR }, record };
    ctx.secrets.addCode(code);
    if (record.state !== 'awaiting_code' || !record.sid) {
      return { ok: false, problem: { message: `No code is needed now: the sender is ${record.status ?? record.state}.` }, record };
    }
    record.otp.codeAttempts += 1;
    try {
      const wire = await ctx.twilio.updateSender(record.accountSid, record.sid, { configuration: { verification_code: code } });
      applySenderWire(record, wire, ctx.clock.now());
      if (record.state === 'awaiting_code') record.state = 'verifying';
      record.lastError = undefined;
      checkSoon(record, ctx.clock.now());
      audit(ctx.store, { at: iso(ctx.clock.now()), user, action: 'enter_code', target: record.phoneNumber });
      await ctx.store.write();
      return { ok: true, record };
    } catch (error) {
      const problem = problemFrom(error);
      record.lastError = { code: problem.twilioCode, message: problem.message };
      audit(ctx.store, {
        at: iso(ctx.clock.now()),
        user,
        action: 'enter_code_rejected',
        target: record.phoneNumber,
        detail: problem.twilioCode ? String(problem.twilioCode) : undefined,
      });
      await ctx.store.write();
      return { ok: false, problem, record };
    }
  });
}

/** When the next create (resend) for this registration is allowed, as a timestamp. */
export function nextResendAt(ctx: SendersContext, record: SenderRecord, now: number): number {
  return (codeSentAt(record, now) ?? 0) + ctx.settings.resendMinMinutes * 60_000;
}

/** Resends the code by creating the sender again, as Twilio's troubleshooting says; optionally by voice. */
export function resendCode(ctx: SendersContext, id: string, user: string, method?: VerificationMethod): Promise<ActionResult> {
  return exclusive(ctx, id, async () => {
    const record = load(ctx, id);
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
    const allowedAt = nextResendAt(ctx, record, now);
    const accountFreeAt = nextCreateAt(ctx, record.accountSid, now);
    if (now < allowedAt) {
      const minutes = Math.ceil((allowedAt - now) / 60_000);
      return {
        ok: false,
        problem: {
          message: `Twilio asks for several minutes between requests for one sender. You can resend in about ${minutes} min (at ${timeText(allowedAt, now)}). Codes can take a few minutes to arrive.`,
        },
        record,
      };
    }
    if (now < accountFreeAt) {
      return {
        ok: false,
        problem: {
          message: `Twilio asks for several minutes between sender requests in one account, and this account just had one. You can resend at about ${timeText(accountFreeAt, now)}.`,
        },
        record,
      };
    }
    takeCreateTurn(ctx, record.accountSid, now);
    const switching = method === 'voice';
    const before = { path: record.path, resends: record.otp.resends, lastCreateAt: record.otp.lastCreateAt };
    // Counted and stored before the request goes out: a crash while Twilio holds it cannot
    // open the way to a second resend inside the interval.
    if (switching) record.path = 'external_voice';
    record.otp.resends += 1;
    record.otp.lastCreateAt = iso(now);
    audit(ctx.store, { at: iso(now), user, action: switching ? 'switch_to_voice' : 'resend_code', target: record.phoneNumber });
    await ctx.store.write();
    try {
      const wire = await ctx.twilio.createSender(record.accountSid, createBodyFor(record, methodOf(record)));
      applySenderWire(record, wire, ctx.clock.now());
      record.state = 'awaiting_code';
      record.lastError = undefined;
      checkSoon(record, ctx.clock.now());
      await ctx.store.write();
      return { ok: true, record, note: switching ? 'Meta will call the number and read out a new code.' : 'A new code is on its way.' };
    } catch (error) {
      const problem = problemFrom(error);
      if (error instanceof TwilioApiError && error.uncertain) {
        // Twilio may have taken it: the resend stays counted, and the person waits for the code.
        await ctx.store.write();
        return {
          ok: false,
          problem: {
            message: `Twilio did not confirm the resend (${problem.message}); a new code may still arrive. Wait for it; you can resend again at about ${timeText(nextResendAt(ctx, record, ctx.clock.now()), ctx.clock.now())}.`,
          },
          record,
        };
      }
      // Refused: no code went out, so the resend does not count.
      record.path = before.path;
      record.otp.resends = before.resends;
      record.otp.lastCreateAt = before.lastCreateAt;
      record.lastError = { code: problem.twilioCode, message: problem.message };
      await ctx.store.write();
      return { ok: false, problem, record };
    }
  });
}

/** Stops a registration: the sender is left in Twilio as it is, the number's voice settings are restored. */
export function abandonRegistration(ctx: SendersContext, id: string, user: string): Promise<ActionResult> {
  return exclusive(ctx, id, async () => {
    const record = load(ctx, id);
    if (!('id' in record)) return { ok: false, problem: record };
    if (record.state === 'online' || record.state === 'abandoned') {
      return { ok: false, problem: { message: `Nothing to abandon: the sender is ${record.state}.` }, record };
    }
    record.state = 'abandoned';
    record.updatedAt = iso(ctx.clock.now());
    audit(ctx.store, { at: iso(ctx.clock.now()), user, action: 'abandon', target: record.phoneNumber });
    let note: string | undefined;
    try {
      if (await restoreVoiceConfig(ctx, record)) note = "The number's previous voice settings were restored.";
    } catch (error) {
      note = `The number's voice settings could not be restored yet (${problemFrom(error).message}); the bot retries at its next start.`;
    }
    await ctx.store.write();
    return { ok: true, record, note };
  });
}

export const isNotFound = (error: unknown) => error instanceof TwilioApiError && error.status === 404;
