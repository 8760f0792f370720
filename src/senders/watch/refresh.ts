import { iso } from '../../clock.js';
import type { SenderRecord } from '../../store/schema.js';
import { isNotFound } from '../../twilio/errors.js';
import type { SenderWire } from '../../twilio/wire.js';
import type { SendersContext } from '../context.js';
import type { PropertiesBefore } from './quality.js';
import { applySenderWire } from './status-tracking.js';

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

/**
 * Fetches a sender from Twilio (unless the caller already has it from a list) and records what
 * changed. Falling back to PENDING_VERIFICATION after a code was entered means Meta did not
 * accept it.
 */
export async function refreshSender(ctx: SendersContext, record: SenderRecord, listed?: SenderWire): Promise<RefreshResult> {
  const previousStatus = record.status;
  const before = { qualityRating: record.qualityRating, messagingLimit: record.messagingLimit };
  const wasVerifying = record.state === 'verifying';
  if (!record.sid) return { record, changed: false, previousStatus, codeNotAccepted: false, before };
  try {
    const wire = listed ?? (await ctx.twilio.fetchSender(record.accountSid, record.sid));
    const changed = applySenderWire(record, wire, ctx.clock.now());
    const codeNotAccepted = changed && wasVerifying && record.state === 'awaiting_code';
    if (codeNotAccepted) record.lastError = { message: 'Meta did not accept the code. Resend the code, or switch to a voice call.' };
    return { record, changed, previousStatus, codeNotAccepted, before, wire };
  } catch (error) {
    if (!isNotFound(error)) throw error;
    record.state = 'failed';
    record.status = 'DELETED';
    record.statusHistory.push({ status: 'DELETED', at: iso(ctx.clock.now()) });
    record.lastError = { message: 'The sender no longer exists in Twilio (deleted in the Console or by the API).' };
    return { record, changed: true, previousStatus, codeNotAccepted: false, before };
  }
}
