import { iso } from '../../clock.js';
import type { BulkRun, UpdateRow } from '../../store/schema.js';
import { TwilioApiError } from '../../twilio/errors.js';
import type { SenderWire } from '../../twilio/wire.js';
import { commit } from '../commit.js';
import type { SendersContext } from '../context.js';
import { problemFrom } from '../outcome.js';
import { type LogoVerdict, logoCheckOf } from '../profile/index.js';
import { takeCreateTurn } from '../registration/pacing.js';
import { applyToRecord, fieldsOf, rowBody, rowChanges, wireBody } from './update-body.js';

type Body = NonNullable<UpdateRow['body']>;

/** The two Twilio requests a row needs; the single-sender profile edit may stand behind it. */
export interface SenderUpdates {
  current(accountSid: string, sid: string): Promise<SenderWire>;
  send(accountSid: string, sid: string, body: Body): Promise<SenderWire>;
  /** The logo rules (https, a public address, a JPEG or PNG Meta accepts), checked before a new logo_url is sent. */
  checkLogo(url: string): Promise<LogoVerdict>;
}

export const twilioSenderUpdates = (ctx: SendersContext): SenderUpdates => ({
  current: (accountSid, sid) => ctx.twilio.fetchSender(accountSid, sid),
  send: (accountSid, sid, body) => ctx.twilio.updateSender(accountSid, sid, wireBody(body)),
  checkLogo: logoCheckOf(ctx),
});

/** After this many sends with no certain answer, the row is failed (it may or may not have been applied). */
export const MAX_UNCERTAIN_SENDS = 5;

export type RowOutcome = 'updated' | 'unchanged' | 'failed' | 'waiting' | 'not_taken';

const rowOf = (run: BulkRun | undefined, line: number): UpdateRow | undefined => run?.updates?.find((r) => r.line === line);

/**
 * One row's turn. A queued row's body is worked out from what Twilio holds now (only the fields
 * that differ), then stored with the row marked `sending` and the account's turn taken, in one
 * unit, BEFORE the request goes out. A row found `sending` (a crash, a lost or uncertain answer)
 * is sent again with the stored body, never a new one: an update that sets the same values is
 * idempotent, so sending it twice changes nothing more than sending it once. Working the body
 * out again instead could send other values than the first request (someone changed the
 * sender since), which a repeat must never do.
 */
export async function sendUpdateRow(ctx: SendersContext, run: BulkRun, line: number, twilio: SenderUpdates): Promise<RowOutcome> {
  const now = ctx.clock.now();
  let row = rowOf(run, line)!;
  if (row.state === 'queued') {
    let current: SenderWire;
    try {
      current = await twilio.current(row.accountSid, row.sid);
    } catch (error) {
      if (error instanceof TwilioApiError && (error.uncertain || error.throttled)) return 'waiting';
      return (await settle(ctx, run, line, QUEUED, 'failed', undefined, problemFrom(error).message)) ? 'failed' : 'not_taken';
    }
    const changes = rowChanges(current, row.wanted);
    if (changes.length === 0) return (await settle(ctx, run, line, QUEUED, 'unchanged')) ? 'unchanged' : 'not_taken';
    const logo = changes.find((change) => change.field === 'profile.logo_url' && typeof change.after === 'string');
    const verdict = logo ? await twilio.checkLogo(logo.after as string) : undefined;
    if (verdict && !verdict.ok) return (await settle(ctx, run, line, QUEUED, 'failed', undefined, `logo_url: ${verdict.message}`)) ? 'failed' : 'not_taken';
    row = { ...row, body: rowBody(changes) };
  }
  const body = row.body!;
  const sending = await commit(ctx, async (read) => {
    const stored = await read.bulkRuns.get(run.id);
    const target = rowOf(stored, line);
    const sendable = stored && target && (target.state === 'queued' ? stored.state === 'running' : target.state === 'sending');
    if (!stored || !target || !sendable) return { result: undefined };
    return {
      also: async (tx) => {
        if (!(await takeCreateTurn(ctx, target.accountSid, ctx.clock.now(), tx))) return undefined;
        target.state = 'sending';
        target.body ??= body;
        target.sentAt = iso(now);
        target.attempts = (target.attempts ?? 0) + 1;
        await tx.bulkRuns.save(stored);
        return target;
      },
    };
  });
  if (!sending) return 'not_taken';
  const sent: SettledFrom = { state: 'sending', attempts: sending.attempts ?? 1 };
  try {
    await twilio.send(sending.accountSid, sending.sid, sending.body!);
  } catch (error) {
    const unsure = error instanceof TwilioApiError && (error.uncertain || error.throttled);
    if (unsure && (sending.attempts ?? 1) < MAX_UNCERTAIN_SENDS) return 'waiting';
    const message = unsure
      ? `Twilio gave no certain answer after ${sending.attempts} tries; the change may or may not be applied. Check the sender, then send this row again.`
      : problemFrom(error).message;
    return (await settle(ctx, run, line, sent, 'failed', undefined, message)) ? 'failed' : 'not_taken';
  }
  return (await settle(ctx, run, line, sent, 'updated', sending.body)) ? 'updated' : 'not_taken';
}

/**
 * Where the caller found the row: its end is stored only if the row is still there. Another round
 * (another replica) may have taken the row on meanwhile; its outcome is the one that counts.
 */
type SettledFrom = { state: 'queued' } | { state: 'sending'; attempts: number };
const QUEUED: SettledFrom = { state: 'queued' };

/** A row's end, stored with the sender record's new values and the audit entry when it was updated. */
async function settle(
  ctx: SendersContext,
  run: BulkRun,
  line: number,
  from: SettledFrom,
  state: UpdateRow['state'],
  body?: Body,
  error?: string,
): Promise<boolean> {
  const now = ctx.clock.now();
  const row = rowOf(run, line)!;
  return commit(ctx, async (read) => {
    const stored = await read.bulkRuns.get(run.id);
    const target = rowOf(stored, line);
    const stillThere = target?.state === from.state && (from.state === 'queued' || (target.attempts ?? 1) === from.attempts);
    if (!stored || !target || !stillThere) return { result: false };
    target.state = state;
    target.finishedAt = iso(now);
    target.error = error;
    const record = body ? await read.senders.get(row.senderId) : undefined;
    if (record && body) {
      applyToRecord(record, body);
      record.updatedAt = iso(now);
    }
    return {
      bulkRuns: [stored],
      senders: record ? [record] : [],
      audit: body
        ? [{ at: iso(now), user: stored.createdBy, action: 'bulk_update_row', target: row.phoneNumber, detail: `${fieldsOf(body).join(', ')} (run ${run.id})` }]
        : [],
      result: true,
    };
  });
}
