import { iso } from '../../clock.js';
import type { SenderRecord } from '../../store/schema.js';
import { commit, senderChange } from '../commit.js';
import type { SendersContext } from '../context.js';
import type { Problem } from '../outcome.js';
import { watchOf } from './schedule.js';

/** The longest snooze the bot offers: a week. */
const LONGEST_SNOOZE_MINUTES = 7 * 24 * 60;

/** Whether a snooze length (from a click, so anything) is one the bot offers: a sender's alerts and Meta's incidents alike. */
export const isOfferedSnooze = (minutes: number): boolean => Number.isFinite(minutes) && minutes > 0 && minutes <= LONGEST_SNOOZE_MINUTES;

export type SnoozeResult = { ok: true; until: number } | { ok: false; problem: Problem };

/** Silences a sender's reminders for a while; the bot keeps checking it and still says when it comes online. */
export async function snoozeSender(ctx: SendersContext, record: SenderRecord, minutes: number, user: string): Promise<SnoozeResult> {
  if (!isOfferedSnooze(minutes)) {
    return { ok: false, problem: { message: 'That snooze length is not one the bot offers; use the buttons.' } };
  }
  const now = ctx.clock.now();
  const until = now + minutes * 60_000;
  await commit(
    ctx,
    senderChange(
      record,
      (r) => {
        watchOf(r, now).snoozedUntil = iso(until);
      },
      () => ({ audit: [{ at: iso(now), user, action: 'snooze', target: record.phoneNumber, detail: `${minutes} min` }] }),
    ),
  );
  return { ok: true, until };
}
