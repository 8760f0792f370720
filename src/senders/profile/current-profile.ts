import type { SenderRecord } from '../../store/schema.js';
import type { SenderWire } from '../../twilio/wire.js';
import type { SendersContext } from '../context.js';
import { type Problem, problemFrom } from '../outcome.js';
import { profileUpdateRefusal } from './update-profile.js';

/** How long a person waits for the form to fill before being told Twilio is slow. */
export const CURRENT_PROFILE_TIMEOUT_MS = 10_000;

/** The sender as Twilio has it now, to fill the form and to compare a change with; bounded in time (real time: a person waits). */
export async function currentProfile(
  ctx: SendersContext,
  record: SenderRecord,
  timeoutMs = CURRENT_PROFILE_TIMEOUT_MS,
): Promise<{ ok: true; wire: SenderWire } | { ok: false; problem: Problem }> {
  const refusal = profileUpdateRefusal(record);
  if (refusal) return { ok: false, problem: { message: refusal } };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Twilio did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    return { ok: true, wire: await Promise.race([ctx.twilio.fetchSender(record.accountSid, record.sid!), late]) };
  } catch (error) {
    return { ok: false, problem: problemFrom(error) };
  } finally {
    clearTimeout(timer);
  }
}
