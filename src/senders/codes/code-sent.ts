import { pastTime } from '../../clock.js';
import type { SenderRecord } from '../../store/schema.js';

/**
 * When the current code was asked for (the last create), never later than now. A time recorded
 * while the host clock ran ahead is moved to now, and so is the code reminder's mark, which
 * names the code by that time, so the same code is not reminded of twice.
 */
export function codeSentAt(record: SenderRecord, now: number): number | undefined {
  const recorded = record.otp.lastCreateAt;
  if (!recorded) return undefined;
  const at = pastTime(record.otp, 'lastCreateAt', now);
  if (record.watch?.codeReminderFor === recorded) record.watch.codeReminderFor = record.otp.lastCreateAt;
  return at;
}
