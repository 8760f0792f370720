import type { KnownBlock, ModalView } from '@slack/types';
import { BULK_COLUMNS, BULK_TEMPLATE, MAX_BULK_ROWS } from '../senders/bulk/csv.js';
import type { RunCounts } from '../senders/bulk/runs.js';
import type { BulkRowProblem, BulkRun } from '../store/schema.js';
import { clip, context, escapeText, header, plain, section } from './blocks.js';
import { durationText } from './duration-text.js';
import { CALLBACK } from './ids.js';
import { slackTime } from './time-text.js';

/** A bulk form's two ways to give the CSV, the ones actions/csv-upload.ts reads: a file, or pasted text. */
export const csvInputs = (placeholder: string): KnownBlock[] => [
  {
    type: 'input',
    block_id: 'file',
    optional: true,
    label: plain('CSV file'),
    element: { type: 'file_input', action_id: 'value', filetypes: ['csv', 'txt'], max_files: 1 },
  },
  {
    type: 'input',
    block_id: 'csv_text',
    optional: true,
    label: plain('…or paste CSV'),
    element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 3000, placeholder: plain(placeholder) },
  },
];

export function bulkUploadModal(channel: string, notice?: string): ModalView {
  const blocks: KnownBlock[] = [];
  if (notice) blocks.push(section(clip(notice, 3000)));
  blocks.push(
    section(
      `Upload a CSV file, or paste CSV text (for a few rows). Required columns: *customer* (name, AC sid, or main), *phone_number*, *display_name*. Optional: ${BULK_COLUMNS.slice(3).join(', ')}. Up to ${MAX_BULK_ROWS.toLocaleString('en')} rows. Nothing is sent before you confirm the preview.`,
    ),
    section(`*Template*\n\`\`\`${BULK_TEMPLATE}\`\`\``),
    ...csvInputs('customer,phone_number,display_name'),
  );
  return {
    type: 'modal',
    callback_id: CALLBACK.bulkUpload,
    title: plain('Bulk registration', 24),
    submit: plain('Check', 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify({ channel }),
    blocks,
  };
}

const MAX_LISTED = 30;

export function problemLines(items: BulkRowProblem[], limit: number): string[] {
  const lines = items.slice(0, limit).map((p) => `• *Line ${p.line}*${p.number ? ` (${escapeText(p.number)})` : ''}: ${escapeText(clip(p.problem, 300))}`);
  if (items.length > limit) lines.push(`…and ${items.length - limit} more (all in the results CSV at the end).`);
  return lines;
}

/** Chunks lines into sections under Slack’s 3000-character limit. */
export function sections(title: string, lines: string[], maxSections: number): KnownBlock[] {
  const chunks: string[] = [];
  let current = `*${title}*`;
  for (const line of lines) {
    if (current.length + line.length + 1 > 2900) {
      chunks.push(current);
      current = line;
    } else current += `\n${line}`;
  }
  chunks.push(current);
  return chunks.slice(0, maxSections).map((c) => section(c));
}

/** `wabaLines`: per Twilio account, the WABA its rows join. */
export function bulkPreviewModal(run: BulkRun, ready: number, accounts: number, paceMs: number, wabaLines: string[] = []): ModalView {
  const blocks: KnownBlock[] = [section(`*${run.totalRows}* rows checked: *${ready} ready*, *${run.refused.length} refused*.`)];
  if (ready > 0) {
    const nameFirst = run.nameFirst ? ' Display name first: one row per new display name goes first; the others wait until Meta accepts that name.' : '';
    blocks.push(
      context(
        `They go to ${accounts} Twilio account${accounts === 1 ? '' : 's'}, ${paceMs > 0 ? `one request per account every ${durationText(paceMs)}` : 'with no wait between requests'}, accounts in parallel.${nameFirst}`,
      ),
    );
    if (wabaLines.length) blocks.push(...sections('WhatsApp Business Account (WABA) each account’s senders join', wabaLines, 3));
  }
  if (run.refused.length)
    blocks.push(...sections('Refused rows (fix them and upload them again; they never block the others)', problemLines(run.refused, MAX_LISTED), 10));
  if (run.warnings.length) blocks.push(...sections('Display name warnings (sent anyway; check them)', problemLines(run.warnings, 10), 3));
  blocks.push(context(ready > 0 ? 'Press *Start* to send the ready rows. Nothing has been sent yet.' : 'No row is ready. Fix the file and upload it again.'));
  return {
    type: 'modal',
    callback_id: CALLBACK.bulkConfirm,
    title: plain('Bulk registration', 24),
    ...(ready > 0 ? { submit: plain('Start', 24) } : {}),
    close: plain(ready > 0 ? 'Cancel' : 'Close', 24),
    private_metadata: JSON.stringify({ runId: run.id }),
    blocks,
  };
}

/** A run's progress as a bar of 20 and a percentage. */
export const progressBar = (done: number, total: number) => {
  const width = 20;
  const filled = total ? Math.round((done / total) * width) : width;
  return `${'▓'.repeat(filled)}${'░'.repeat(width - filled)} ${total ? Math.round((done / total) * 100) : 100}%`;
};

/** The run’s progress message, updated in place: progress counts the rows sent out of those submitted; refused rows apart. */
export function bulkProgressMessage(
  run: BulkRun,
  counts: RunCounts,
  finishAt: number | undefined,
  command: string,
  now: number,
): { text: string; blocks: KnownBlock[] } {
  const sent = counts.submitted - counts.queued;
  const state = { previewing: 'Preview', running: 'Running', paused: 'Paused', cancelled: 'Cancelled', done: 'All rows sent' }[run.state];
  const blocks: KnownBlock[] = [
    header(`Bulk registration: ${counts.submitted} ${counts.submitted === 1 ? 'row' : 'rows'}`),
    section(`\`${progressBar(sent, counts.submitted)}\`  ${sent} of ${counts.submitted} sent · *${state}*`),
    section(
      [
        `:hourglass: Queued: *${counts.queued}*`,
        `:outbox_tray: Sent, in progress: *${counts.sent}*`,
        `:key: Waiting for a code: *${counts.waitingForCode}*`,
        `:large_green_circle: Online: *${counts.online}*`,
        `:x: Failed: *${counts.failed}*`,
        ...(counts.cancelled ? [`:no_entry_sign: Cancelled: *${counts.cancelled}*`] : []),
      ].join('   '),
    ),
  ];
  if (counts.refused) blocks.push(refusedRowsNote(counts));
  if (finishAt !== undefined && (run.state === 'running' || run.state === 'paused'))
    blocks.push(context(`Last row expected to be sent around ${slackTime(finishAt, now)} (later if display names wait for Meta).`));
  if (run.resultsQueuedAt) blocks.push(context('The results CSV is in the thread.'));
  blocks.push(context(`Run ${run.id} by <@${run.createdBy}> · \`${command} bulk status | pause | resume | cancel\` · rows that need a code are in the thread`));
  return { text: `Bulk registration ${run.id}: ${state}, ${sent} of ${counts.submitted} sent`, blocks };
}

/** A run's note of the file's rows refused at the check, for both kinds of bulk run. */
export const refusedRowsNote = (counts: { refused: number; total: number }): KnownBlock =>
  context(
    `:no_entry: ${counts.refused} of the file’s ${counts.total} rows ${counts.refused === 1 ? 'was' : 'were'} refused at the check and never sent; the results CSV lists why.`,
  );
