import type { SenderRecord } from '../../store/schema.js';

export type VoiceForwardEnd = 'code_taken' | 'ended' | 'max_hours';

/** Statuses in which Meta may still call the number with a code. */
const CODE_MAY_COME = new Set(['CREATING', 'PENDING_VERIFICATION']);

/**
 * Why a voice-only number's calls should go back to their own settings now, if they should:
 * Meta has taken the code (the sender left PENDING_VERIFICATION), or the forward has lasted
 * its longest, whatever happens. Abandon and delete restore on their own.
 */
export function voiceForwardEnd(record: SenderRecord, now: number, maxMs: number): VoiceForwardEnd | undefined {
  const forward = record.voiceForward;
  if (!forward || forward.restoredAt) return undefined;
  if (record.state === 'failed' || record.state === 'abandoned') return 'ended';
  if (record.sid && record.status && !CODE_MAY_COME.has(record.status)) return 'code_taken';
  const since = Date.parse(forward.forwardedAt ?? record.createdAt);
  return now - since >= maxMs ? 'max_hours' : undefined;
}
