import { iso } from '../../clock.js';
import { csvLine } from '../../csv-cell.js';
import { DuplicateRegistrationError, StaleRecordError } from '../../store/repositories.js';
import { shownStatus } from '../../store/rules/attention.js';
import type { BulkRun, SenderRecord } from '../../store/schema.js';
import { StorageError } from '../../store/storage-error.js';
import { registrationKey } from '../claims.js';
import { commit } from '../commit.js';
import type { SendersContext } from '../context.js';
import { type ChannelScope, UNBOUND } from '../customers/channel-scope.js';
import { customerNameFor } from '../customers/customers.js';
import { normalizePhone } from '../numbers/phone.js';
import { notSaved, type Problem } from '../outcome.js';
import { nextCreateAt } from '../registration/pacing.js';
import { newRecord } from '../registration/registration.js';
import { type CsvRow, parseBulkCsv } from './csv.js';
import { refuseBadLogos } from './logo-rows.js';
import { checkBulkRows, type ReadyRow } from './rows.js';

/** The answer when there is no bulk run to act on. */
/** Stores a run's preview. A person previews one file at a time: their earlier unconfirmed previews are dropped. */
export async function storePreview(ctx: SendersContext, run: BulkRun, user: string): Promise<void> {
  await commit(
    ctx,
    async () => ({
      also: async (tx) => {
        await tx.bulkRuns.discardPreviewsOf(user);
        await tx.bulkRuns.insert(run);
      },
    }),
    { attempts: 1 },
  );
}

export const noBulkRun = (command: string): string => `No bulk run yet. Start one with \`${command} bulk\`.`;

export type PrepareResult = { ok: true; run: BulkRun } | { ok: false; message: string };

/** The numbers of a file's rows in E.164, as the registration form reads them. */
const fileNumbers = (rows: readonly CsvRow[]): string[] =>
  rows.map((row) => normalizePhone(row.values.phone_number ?? '')).flatMap((phone) => (phone.ok ? [phone.e164] : []));

/** Checks a CSV and keeps the result as a run awaiting confirmation. Nothing is sent. */
export async function prepareBulkRun(ctx: SendersContext, csv: string, user: string, channel: string, scope: ChannelScope = UNBOUND): Promise<PrepareResult> {
  const parsed = parseBulkCsv(csv);
  if (!parsed.ok) return parsed;
  const { store } = ctx;
  const rowCheck = checkBulkRows(parsed.rows, {
    command: ctx.settings.command,
    scope,
    customers: await store.customers.list(),
    mainAccountSid: ctx.twilio.mainAccountSid,
    // Only the registrations in play of the file's own numbers: the check refuses a row whose number is one.
    senders: await store.senders.list({ inPlay: true, phoneNumbers: fileNumbers(parsed.rows) }),
    accountWabas: await store.accounts.wabas(),
  });
  const check = await refuseBadLogos(ctx, rowCheck);
  const run: BulkRun = {
    id: ctx.newId(),
    createdBy: user,
    createdAt: iso(ctx.clock.now()),
    channel,
    state: 'previewing',
    nameFirst: ctx.settings.bulkNameFirst,
    totalRows: parsed.rows.length,
    refused: check.refused,
    warnings: check.warnings,
    preview: check.ready,
    recordIds: [],
  };
  await storePreview(ctx, run, user);
  return { ok: true, run };
}

/** Per Twilio account of the checked rows: who it is and the WABA its rows join (the first row's; the check allows one). */
export async function wabasJoined(ctx: SendersContext, rows: ReadyRow[]): Promise<{ who: string; wabaId?: string }[]> {
  const byAccount = new Map<string, { who: string; wabaId?: string }>();
  for (const { request } of rows) {
    if (byAccount.has(request.accountSid)) continue;
    byAccount.set(request.accountSid, { who: await customerNameFor(ctx, request.accountSid), wabaId: request.wabaId });
  }
  return [...byAccount.values()];
}

export const readyCount = (run: BulkRun): number => (run.state === 'previewing' ? (run.preview?.length ?? 0) : run.recordIds.length);

/** The user confirmed the preview: the ready rows join the create queue, in file order. */
export async function confirmBulkRun(ctx: SendersContext, runId: string, user: string): Promise<{ ok: true; run: BulkRun } | { ok: false; problem: Problem }> {
  const run = await ctx.store.bulkRuns.get(runId);
  if (!run) return { ok: false, problem: { message: `This preview is gone (a newer one replaced it). Run \`${ctx.settings.command} bulk\` again.` } };
  if (run.state !== 'previewing') return { ok: false, problem: { message: 'This run has already started.' } };
  const rows = (run.preview ?? []) as ReadyRow[];
  if (rows.length === 0) return { ok: false, problem: { message: 'No row is ready to send. Fix the rows listed and upload the file again.' } };
  const now = ctx.clock.now();
  const refusedBefore = run.refused.length;
  const skipped = (row: ReadyRow) =>
    run.refused.push({ line: row.line, problem: `${row.request.phoneNumber} started registering elsewhere since the preview; this row was skipped.` });
  try {
    await commit(
      ctx,
      async () => ({
        also: async (tx) => {
          for (const [index, row] of rows.entries()) {
            // Distinct queue times keep the file's order within an account.
            const record = newRecord(ctx, { ...row.request, requestedBy: user, slackChannel: run.channel }, now);
            record.queuedAt = new Date(now + index).toISOString();
            record.bulk = { runId: run.id, line: row.line };
            try {
              await tx.senders.insert(record);
            } catch (error) {
              if (!(error instanceof DuplicateRegistrationError)) throw error;
              skipped(row);
              continue;
            }
            run.recordIds.push(record.id);
          }
          run.preview = undefined;
          run.state = 'running';
          await tx.bulkRuns.save(run);
          await tx.audit.add({ at: iso(now), user, action: 'bulk_start', target: run.id, detail: `${run.recordIds.length} rows` });
          await tx.outbox.enqueue({ kind: 'refresh_bulk_progress', runId: run.id }, now);
        },
      }),
      { attempts: 1 },
    );
  } catch (error) {
    // Not stored, so nothing of it may be sent: the run is the preview it was.
    run.refused.length = refusedBefore;
    run.recordIds = [];
    run.preview = rows;
    run.state = 'previewing';
    if (error instanceof StaleRecordError) return { ok: false, problem: { message: 'This run has already started.' } };
    if (!(error instanceof StorageError)) throw error;
    return { ok: false, problem: notSaved(error, 'bulk_rows', ctx.settings.command) };
  }
  return { ok: true, run };
}

export const bulkRecords = (ctx: SendersContext, run: BulkRun): Promise<SenderRecord[]> => ctx.store.senders.getMany(run.recordIds);

/** The run of this kind (a registration run when unset) a subcommand without an id acts on: the newest one not finished. */
export async function currentRun(ctx: SendersContext, scope: ChannelScope = UNBOUND, channel?: string, kind?: BulkRun['kind']): Promise<BulkRun | undefined> {
  // A bound channel sees the runs started in it only.
  const runs = (await ctx.store.bulkRuns.list({ excludePreviews: true, ...(scope.customer ? { channel } : {}) })).filter((r) => r.kind === kind);
  return runs.filter((r) => r.state === 'running' || r.state === 'paused').at(-1) ?? runs.at(-1);
}

export type RunControl = 'pause' | 'resume' | 'cancel';

export async function controlRun(
  ctx: SendersContext,
  control: RunControl,
  user: string,
  scope: ChannelScope = UNBOUND,
  channel?: string,
): Promise<{ ok: true; run: BulkRun; note: string } | { ok: false; problem: Problem }> {
  const run = await currentRun(ctx, scope, channel);
  if (!run) return { ok: false, problem: { message: noBulkRun(ctx.settings.command) } };
  const now = ctx.clock.now();
  const open = run.state === 'running' || run.state === 'paused';
  if (!open)
    return {
      ok: false,
      problem: { message: `The latest run is ${run.state}; there is nothing to ${control}. Start a new one with \`${ctx.settings.command} bulk\`.` },
    };
  let note: string;
  if (control === 'pause') {
    if (run.state === 'paused') return { ok: false, problem: { message: `The run is already paused. \`${ctx.settings.command} bulk resume\` goes on.` } };
    run.state = 'paused';
    note = `Paused: no new rows are sent until \`${ctx.settings.command} bulk resume\`. Senders already created go on as usual.`;
  } else if (control === 'resume') {
    if (run.state === 'running')
      return { ok: false, problem: { message: `The run is not paused: it is sending. \`${ctx.settings.command} bulk status\` shows how far it is.` } };
    run.state = 'running';
    note = 'Resumed.';
  } else {
    run.state = 'cancelled';
    run.finishedAt = iso(now);
    note = '';
  }
  // The run, its dropped rows, the audit entry and the progress refresh are stored together: a
  // storage fault leaves no cancelled run with rows still queued under it.
  const rows = control === 'cancel' ? (await bulkRecords(ctx, run)).filter((r) => r.state === 'queued' && !ctx.inProcess.has(registrationKey(r.id))) : [];
  for (const record of rows) {
    record.state = 'abandoned';
    record.lastError = { message: 'Cancelled before it was sent.' };
    record.updatedAt = iso(now);
  }
  let cancelled = 0;
  try {
    await commit(
      ctx,
      async () => ({
        also: async (tx) => {
          await tx.bulkRuns.save(run);
          // A row changed since it was read (its create just went out, say) keeps that change.
          cancelled = rows.length - (await tx.senders.saveAll(rows)).length;
          await tx.audit.add({ at: iso(now), user, action: `bulk_${control}`, target: run.id });
          await tx.outbox.enqueue({ kind: 'refresh_bulk_progress', runId: run.id }, now);
        },
      }),
      { attempts: 1 },
    );
  } catch (error) {
    if (!(error instanceof StaleRecordError)) throw error;
    return { ok: false, problem: { message: 'The run changed meanwhile; look at it again and retry.' } };
  }
  if (control === 'cancel') note = `Cancelled: ${cancelled} rows not yet sent were dropped. Senders already created are still watched.`;
  return { ok: true, run, note };
}

/** `total`: the file's rows; `submitted`: the rows accepted at the check, which the others count; `refused`: never sent. */
export interface RunCounts {
  total: number;
  submitted: number;
  refused: number;
  queued: number;
  sent: number;
  waitingForCode: number;
  online: number;
  failed: number;
  cancelled: number;
}

export async function countRun(ctx: SendersContext, run: BulkRun): Promise<RunCounts> {
  const records = await bulkRecords(ctx, run);
  const counts: RunCounts = {
    total: run.totalRows,
    submitted: records.length,
    refused: run.refused.length,
    queued: 0,
    sent: 0,
    waitingForCode: 0,
    online: 0,
    failed: 0,
    cancelled: 0,
  };
  for (const r of records) {
    if (r.state === 'queued' || r.state === 'creating') counts.queued += 1;
    else if (r.state === 'awaiting_code') counts.waitingForCode += 1;
    else if (r.state === 'online') counts.online += 1;
    else if (r.state === 'failed') counts.failed += 1;
    else if (r.state === 'abandoned') counts.cancelled += 1;
    else counts.sent += 1;
  }
  return counts;
}

/** When the last row should be sent: the busiest account's queue, one row per interval. */
export async function expectedFinish(ctx: SendersContext, run: BulkRun, now: number): Promise<number | undefined> {
  const perAccount = new Map<string, number>();
  for (const r of await bulkRecords(ctx, run)) if (r.state === 'queued') perAccount.set(r.accountSid, (perAccount.get(r.accountSid) ?? 0) + 1);
  return lastTurn(ctx, perAccount, now);
}

/** When the last of these rows goes out: each account's rows one per interval, from its next turn. */
export async function lastTurn(ctx: SendersContext, perAccount: Map<string, number>, now: number): Promise<number | undefined> {
  if (perAccount.size === 0) return undefined;
  let finish = now;
  for (const [account, n] of perAccount) {
    const first = Math.max(now, await nextCreateAt(ctx, account, now));
    finish = Math.max(finish, first + (n - 1) * ctx.settings.sendersMinIntervalMs);
  }
  return finish;
}

/** row, number, sender SID, final status, error: one line per row of the file. */
export async function resultsCsv(ctx: SendersContext, run: BulkRun): Promise<string> {
  const lines: { line: number; cells: string[] }[] = [];
  for (const r of await bulkRecords(ctx, run)) {
    const status = r.state === 'abandoned' ? 'CANCELLED' : shownStatus(r);
    lines.push({
      line: r.bulk?.line ?? 0,
      cells: [
        String(r.bulk?.line ?? ''),
        r.phoneNumber,
        r.sid ?? '',
        status,
        r.lastError ? `${r.lastError.code ? `${r.lastError.code}: ` : ''}${r.lastError.message}` : '',
      ],
    });
  }
  for (const refused of run.refused) lines.push({ line: refused.line, cells: [String(refused.line), refused.number ?? '', '', 'REFUSED', refused.problem] });
  lines.sort((a, b) => a.line - b.line);
  return `${['row,number,sender_sid,final_status,error', ...lines.map((l) => csvLine(l.cells))].join('\n')}\n`;
}
