import type { KnownBlock } from '@slack/types';
import { iso } from '../../clock.js';
import type { SenderRecord } from '../../store/schema.js';
import { commit, senderChange } from '../commit.js';
import type { SendersContext } from '../context.js';

export type TakeResult = { ok: true; alreadyTakenBy?: string } | { ok: false; reason: 'no_incident' };

/**
 * "I’m on it": the person takes the sender's open incident. The alert is edited to show who
 * and since when, and its reminders go to that person from then on, not to the channel.
 * `edited` is the alert as Slack showed it (it quotes Twilio's words of the moment, which the
 * bot does not keep), already marked as taken by the caller: it replaces the alert when it is
 * the incident's.
 */
export async function takeAlert(
  ctx: SendersContext,
  record: SenderRecord,
  user: string,
  edited: { ts?: string; text?: string; blocks?: KnownBlock[] },
): Promise<TakeResult> {
  const incident = record.watch?.stuckAlert;
  if (!incident || incident.recoveredAt) return { ok: false, reason: 'no_incident' };
  if (incident.takenBy === user) return { ok: true };
  const previous = incident.takenBy;
  const now = ctx.clock.now();
  await commit(
    ctx,
    senderChange(
      record,
      (r) => {
        const open = r.watch?.stuckAlert;
        if (!open) return;
        open.takenBy = user;
        open.takenAt = iso(now);
      },
      () => ({
        audit: [{ at: iso(now), user, action: 'take_alert', target: record.phoneNumber, ...(previous ? { detail: `from ${previous}` } : {}) }],
        messages: [
          ...(edited.blocks && edited.ts && edited.ts === incident.ts
            ? [{ senderId: record.id, kind: 'update_alert' as const, text: edited.text ?? '', blocks: edited.blocks }]
            : []),
          { senderId: record.id, kind: 'refresh_sender_message' as const },
        ],
      }),
    ),
  );
  return previous ? { ok: true, alreadyTakenBy: previous } : { ok: true };
}
