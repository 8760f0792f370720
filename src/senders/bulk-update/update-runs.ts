import { iso } from '../../clock.js';
import { csvLine } from '../../csv-cell.js';
import { StaleRecordError } from '../../store/repositories.js';
import type { BulkRowProblem, BulkRun, UpdateRow } from '../../store/schema.js';
import { StorageError } from '../../store/storage-error.js';
import { currentRun, lastTurn, type RunControl, storePreview } from '../bulk/runs.js';
import { commit } from '../commit.js';
import type { SendersContext } from '../context.js';
import { type ChannelScope, UNBOUND } from '../customers/channel-scope.js';
import { notSaved, type Problem } from '../outcome.js';
import { parseUpdateCsv } from './update-csv.js';
import { checkUpdateRows } from './update-rows.js';

export type PrepareUpdateResult = { ok: true; run: BulkRun } | { ok: false; message: string };

export const isUpdateRun = (run: BulkRun): boolean => run.kind === 'update';
export const updateRows = (run: BulkRun): UpdateRow[] => run.updates ?? [];
export const FINAL_ROW_STATES: ReadonlySet<UpdateRow['state']> = new Set(['updated', 'unchanged', 'failed', 'cancelled']);

/** Checks an update CSV and keeps the result as a run awaiting confirmation. Nothing is sent. */
export async function prepareUpdateRun(
  ctx: SendersContext,
  csv: string,
  user: string,
  channel: string,
  scope: ChannelScope = UNBOUND,
): Promise<PrepareUpdateResult> {
  const parsed = parseUpdateCsv(csv);
  if (!parsed.ok) return parsed;
  const check = await checkUpdateRows(ctx, parsed.rows, scope);
  const refused: BulkRowProblem[] = [...parsed.refused, ...check.refused].sort((a, b) => a.line - b.line);
  const run: BulkRun = {
    id: ctx.newId(),
    kind: 'update',
    createdBy: user,
    createdAt: iso(ctx.clock.now()),
    channel,
    state: 'previewing',
    nameFirst: false,
    totalRows: parsed.rows.length + parsed.refused.length,
    refused,
    warnings: [],
    updates: check.ready,
    recordIds: [],
  };
  await storePreview(ctx, run, user);
  return { ok: true, run };
}

export interface CustomerPreview {
  customer: string;
  ready: number;
  /** Rows whose every value the bot already knows as asked: sent only if Twilio differs. */
  alreadySet: number;
  fieldsChanged: number;
}

/** The preview's counts, one line per customer, in the order the file first names them. */
export function previewByCustomer(run: BulkRun): CustomerPreview[] {
  const byCustomer = new Map<string, CustomerPreview>();
  for (const row of updateRows(run)) {
    const entry = byCustomer.get(row.customer) ?? { customer: row.customer, ready: 0, alreadySet: 0, fieldsChanged: 0 };
    entry.ready += 1;
    entry.fieldsChanged += row.changedFields.length;
    if (row.changedFields.length === 0) entry.alreadySet += 1;
    byCustomer.set(row.customer, entry);
  }
  return [...byCustomer.values()];
}

/** Start: the run's ready rows go out, paced per account; the progress message appears in the channel. */
type Started = { ok: true; run: BulkRun } | { ok: false; problem: Problem };

export async function confirmUpdateRun(ctx: SendersContext, runId: string, user: string): Promise<Started> {
  const command = ctx.settings.command;
  const now = ctx.clock.now();
  try {
    return await commit<Started>(
      ctx,
      async (read) => {
        const run = await read.bulkRuns.get(runId);
        if (!run || !isUpdateRun(run))
          return { result: { ok: false, problem: { message: `This preview is gone (a newer one replaced it). Run \`${command} bulk update\` again.` } } };
        if (run.state !== 'previewing') return { result: { ok: false, problem: { message: 'This run has already started.' } } };
        if (updateRows(run).length === 0)
          return { result: { ok: false, problem: { message: 'No row is ready to send. Fix the rows listed and upload the file again.' } } };
        run.state = 'running';
        return {
          bulkRuns: [run],
          audit: [{ at: iso(now), user, action: 'bulk_update_start', target: run.id, detail: `${updateRows(run).length} rows` }],
          messages: [{ kind: 'refresh_bulk_progress', runId: run.id }],
          result: { ok: true, run },
        };
      },
      { attempts: 1 },
    );
  } catch (error) {
    if (error instanceof StaleRecordError) return { ok: false, problem: { message: 'This run has already started.' } };
    if (!(error instanceof StorageError)) throw error;
    return { ok: false, problem: notSaved(error, 'bulk_rows', command) };
  }
}

/** Pause, resume or cancel the newest bulk update run; rows already sent finish as usual. */
export async function controlUpdateRun(
  ctx: SendersContext,
  control: RunControl,
  user: string,
  scope: ChannelScope = UNBOUND,
  channel?: string,
): Promise<{ ok: true; run: BulkRun; note: string } | { ok: false; problem: Problem }> {
  const command = `${ctx.settings.command} bulk update`;
  const listed = await currentRun(ctx, scope, channel, 'update');
  if (!listed) return { ok: false, problem: { message: `No bulk update yet. Start one with \`${command}\`.` } };
  const now = ctx.clock.now();
  type Answer = { ok: true; run: BulkRun; note: string } | { ok: false; problem: Problem };
  try {
    return await commit<Answer>(ctx, async (read) => {
      const run = await read.bulkRuns.get(listed.id);
      if (!run || (run.state !== 'running' && run.state !== 'paused'))
        return {
          result: {
            ok: false,
            problem: { message: `The latest bulk update is ${run?.state ?? 'gone'}; there is nothing to ${control}. Start a new one with \`${command}\`.` },
          },
        };
      let note: string;
      if (control === 'pause') {
        if (run.state === 'paused') return { result: { ok: false, problem: { message: `The run is already paused. \`${command} resume\` goes on.` } } };
        run.state = 'paused';
        note = `Paused: no new rows are sent until \`${command} resume\`. A row already on its way finishes.`;
      } else if (control === 'resume') {
        if (run.state === 'running')
          return { result: { ok: false, problem: { message: `The run is not paused: it is sending. \`${command} status\` shows how far it is.` } } };
        run.state = 'running';
        note = 'Resumed.';
      } else {
        const dropped = updateRows(run).filter((row) => row.state === 'queued');
        for (const row of dropped) {
          row.state = 'cancelled';
          row.finishedAt = iso(now);
        }
        run.state = 'cancelled';
        run.finishedAt = iso(now);
        note = `Cancelled: ${dropped.length} rows not yet sent were dropped. Senders already updated keep their new values.`;
      }
      return {
        bulkRuns: [run],
        audit: [{ at: iso(now), user, action: `bulk_update_${control}`, target: run.id }],
        messages: [{ kind: 'refresh_bulk_progress', runId: run.id }],
        result: { ok: true, run, note },
      };
    });
  } catch (error) {
    if (!(error instanceof StaleRecordError)) throw error;
    return { ok: false, problem: { message: 'The run changed meanwhile; look at it again and retry.' } };
  }
}

export interface UpdateCounts {
  total: number;
  submitted: number;
  refused: number;
  queued: number;
  sending: number;
  updated: number;
  unchanged: number;
  failed: number;
  cancelled: number;
}

export function countUpdateRun(run: BulkRun): UpdateCounts {
  const counts: UpdateCounts = {
    total: run.totalRows,
    submitted: updateRows(run).length,
    refused: run.refused.length,
    queued: 0,
    sending: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    cancelled: 0,
  };
  for (const row of updateRows(run)) counts[row.state] += 1;
  return counts;
}

/** When the last row should go: the busiest account's rows, one per interval after its next turn. */
export async function expectedUpdateFinish(ctx: SendersContext, run: BulkRun, now: number): Promise<number | undefined> {
  const perAccount = new Map<string, number>();
  for (const row of updateRows(run)) if (!FINAL_ROW_STATES.has(row.state)) perAccount.set(row.accountSid, (perAccount.get(row.accountSid) ?? 0) + 1);
  return lastTurn(ctx, perAccount, now);
}

const RESULT = { queued: 'QUEUED', sending: 'SENDING', updated: 'UPDATED', unchanged: 'UNCHANGED', failed: 'FAILED', cancelled: 'CANCELLED' } as const;

/** row, sender SID, number, customer, result, fields changed, error: one line per row of the file. */
export function updateResultsCsv(run: BulkRun): string {
  const lines: { line: number; cells: string[] }[] = updateRows(run).map((row) => ({
    line: row.line,
    cells: [
      String(row.line),
      row.sid,
      row.phoneNumber,
      row.customer,
      RESULT[row.state],
      row.state === 'updated' ? Object.keys({ ...row.body?.profile, ...row.body?.webhook }).join(' ') : '',
      row.error ?? '',
    ],
  }));
  for (const refused of run.refused)
    lines.push({ line: refused.line, cells: [String(refused.line), '', refused.number ?? '', '', 'REFUSED', '', refused.problem] });
  lines.sort((a, b) => a.line - b.line);
  return `${['row,sender_sid,number,customer,result,fields_changed,error', ...lines.map((l) => csvLine(l.cells))].join('\n')}\n`;
}
