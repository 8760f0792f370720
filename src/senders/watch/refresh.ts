import { iso } from '../../clock.js';
import type { SenderRecord } from '../../store/schema.js';
import { isNotFound } from '../../twilio/errors.js';
import type { SenderWire } from '../../twilio/wire.js';
import type { SendersContext } from '../context.js';
import type { PropertiesBefore } from './quality.js';
import { applySenderWire } from './status-tracking.js';

/** What Twilio answered about a sender: the sender as it is, or that it no longer exists (404). */
export type SenderAnswer = { wire: SenderWire } | { gone: true };

export interface RefreshResult {
  record: SenderRecord;
  changed: boolean;
  previousStatus?: string;
  codeNotAccepted: boolean;
  /** The quality rating and messaging limit before this check. */
  before: PropertiesBefore;
  /** What Twilio answered, when it did. */
  wire?: SenderWire;
}

/** Asks Twilio for the sender (unless the caller already has it from a list); a 404 is an answer, other failures throw. */
export async function askTwilio(ctx: SendersContext, accountSid: string, sid: string, listed?: SenderWire): Promise<SenderAnswer> {
  if (listed) return { wire: listed };
  try {
    return { wire: await ctx.twilio.fetchSender(accountSid, sid) };
  } catch (error) {
    if (isNotFound(error)) return { gone: true };
    throw error;
  }
}

/**
 * Records what Twilio answered in the record. Falling back to PENDING_VERIFICATION after a code
 * was entered means Meta did not accept it.
 */
export function applyAnswer(record: SenderRecord, answer: SenderAnswer, now: number): RefreshResult {
  const previousStatus = record.status;
  const before = { qualityRating: record.qualityRating, messagingLimit: record.messagingLimit };
  const wasVerifying = record.state === 'verifying';
  if ('gone' in answer) {
    record.state = 'failed';
    record.status = 'DELETED';
    record.statusHistory.push({ status: 'DELETED', at: iso(now) });
    record.lastError = { message: 'The sender no longer exists in Twilio (deleted in the Console or by the API).' };
    return { record, changed: true, previousStatus, codeNotAccepted: false, before };
  }
  const changed = applySenderWire(record, answer.wire, now);
  const codeNotAccepted = changed && wasVerifying && record.state === 'awaiting_code';
  if (codeNotAccepted) record.lastError = { message: 'Meta did not accept the code. Resend the code, or switch to a voice call.' };
  return { record, changed, previousStatus, codeNotAccepted, before, wire: answer.wire };
}

/** Fetches a sender from Twilio (unless the caller already has it from a list) and records what changed. */
export async function refreshSender(ctx: SendersContext, record: SenderRecord, listed?: SenderWire): Promise<RefreshResult> {
  if (!record.sid) {
    const before = { qualityRating: record.qualityRating, messagingLimit: record.messagingLimit };
    return { record, changed: false, previousStatus: record.status, codeNotAccepted: false, before };
  }
  const answer = await askTwilio(ctx, record.accountSid, record.sid, listed);
  return applyAnswer(record, answer, ctx.clock.now());
}
