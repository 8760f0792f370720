import { iso } from '../../clock.js';
import type { SenderRecord } from '../../store/schema.js';
import type { DisplayNameUpdateStatus } from '../../twilio/wire.js';
import { exclusive, loadRegistration } from '../codes/code-action.js';
import { commit, senderChange } from '../commit.js';
import type { SendersContext } from '../context.js';
import { type Problem, problemFrom } from '../outcome.js';
import { entryValues } from '../profile/labels.js';
import { checkDisplayName } from '../registration/display-name.js';
import { RETRYABLE_NAME_VERDICTS } from '../watch/name-verdict.js';
import { checkSoon } from '../watch/schedule.js';

export type NameChangeResult =
  | { ok: true; record: SenderRecord; name: string; answer?: DisplayNameUpdateStatus; warnings: string[] }
  | { ok: false; problem: Problem; record?: SenderRecord; nameErrors?: string[] };

/** The name typed, without the quotes a person may have put around it. */
export const cleanName = (typed: string): string => typed.trim().replace(/^["“”'](.*)["“”']$/s, '$1');

/** Whether a sender's display name can be changed at all: it must exist in Twilio. */
export function nameChangeRefusal(record: SenderRecord): string | undefined {
  if (!record.sid || record.status === 'DELETED')
    return `${record.phoneNumber} has no sender in Twilio (${record.status ?? record.state}): there is no name to change.`;
  if (record.state === 'abandoned') return `The registration of ${record.phoneNumber} was abandoned.`;
  return undefined;
}

/**
 * Asks Twilio to change the sender's display name (Meta reviews it), after the same checks as
 * at registration. The watcher then follows Meta's verdict.
 */
export function changeDisplayName(ctx: SendersContext, id: string, typed: string, user: string): Promise<NameChangeResult> {
  return exclusive(ctx, id, async (): Promise<NameChangeResult> => {
    const record = await loadRegistration(ctx, id);
    if (!('id' in record)) return { ok: false, problem: record };
    const refusal = nameChangeRefusal(record);
    if (refusal) return { ok: false, problem: { message: refusal }, record };
    const name = cleanName(typed);
    const check = checkDisplayName(name, entryValues(record.profile.websites));
    if (check.errors.length) return { ok: false, problem: { message: check.errors.join(' ') }, record, nameErrors: check.errors };
    try {
      const answer = await ctx.twilio.updateSender(record.accountSid, record.sid!, { profile: { name } });
      const now = ctx.clock.now();
      const status = answer.display_name_status ?? undefined;
      const saved = await commit(
        ctx,
        senderChange(
          record,
          (r) => {
            if (status === 'no_change' || status === 'error') return;
            // Meta's status of this name is not known until the next check; the verdict already told stays, so none is told twice.
            r.nameChange = { name, requestedBy: user, requestedAt: iso(now), toldVerdict: r.nameChange?.toldVerdict };
            checkSoon(r, now);
          },
          () => ({
            audit: [
              { at: iso(now), user, action: 'rename', target: record.phoneNumber, detail: `${record.profile.name} → ${name} (${status ?? 'no status'})` },
            ],
          }),
        ),
      );
      return { ok: true, record: saved, name, answer: status, warnings: check.warnings };
    } catch (error) {
      return { ok: false, problem: problemFrom(error), record };
    }
  }) as Promise<NameChangeResult>;
}

/** Retry: the same pending name sent again, after Meta approved it but it was not applied. */
export async function retryNameChange(ctx: SendersContext, id: string, user: string): Promise<NameChangeResult> {
  const record = await loadRegistration(ctx, id);
  if (!('id' in record)) return { ok: false, problem: record };
  const change = record.nameChange;
  if (!change?.status || !RETRYABLE_NAME_VERDICTS.has(change.status))
    return { ok: false, problem: { message: `Nothing to retry: the display name change is ${change?.status ?? 'not known'}.` }, record };
  return changeDisplayName(ctx, id, change.name, user);
}
