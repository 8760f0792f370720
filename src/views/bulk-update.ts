import type { KnownBlock, ModalView } from '@slack/types';
import type { UpdateCsvHelp } from '../senders/bulk-update/update-csv.js';
import type { CustomerPreview, UpdateCounts } from '../senders/bulk-update/update-runs.js';
import type { BulkRun } from '../store/schema.js';
import { clip, context, escapeText, header, plain, section } from './blocks.js';
import { csvInputs, problemLines, progressBar, refusedRowsNote, sections } from './bulk.js';
import { durationText } from './duration-text.js';
import { CALLBACK } from './ids.js';
import { slackTime } from './time-text.js';

const TITLE = 'Bulk update';
const MAX_LISTED = 30;

export function bulkUpdateUploadModal(channel: string, command: string, help: UpdateCsvHelp, notice?: string): ModalView {
  const blocks: KnownBlock[] = [];
  if (notice) blocks.push(section(clip(notice, 3000)));
  blocks.push(
    section(
      `Change the profile or webhooks of senders already registered. One row per sender: a *sid* (XE…) or *number* column, plus any of ${help.fields.join(', ')}. An empty cell keeps the value; \`${help.clear}\` clears it. Up to ${help.maxRows.toLocaleString('en')} rows. Nothing is sent before you confirm the preview.`,
    ),
    section(
      `*Moving your platform’s callback URL for every sender of every customer?* Export the senders (\`${command} export\`), add a callback_url column with the new address on every row, and upload the file as it is (the export’s other columns are read past; display names are not changed here). Or just:\n\`\`\`${help.template}\`\`\``,
    ),
    ...csvInputs('sid,callback_url'),
  );
  return {
    type: 'modal',
    callback_id: CALLBACK.bulkUpdateUpload,
    title: plain(TITLE, 24),
    submit: plain('Check', 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify({ channel }),
    blocks,
  };
}

const customerLine = (c: CustomerPreview) =>
  `• *${escapeText(c.customer)}*: ${c.ready} ${c.ready === 1 ? 'sender' : 'senders'} ready, ${c.fieldsChanged} ${c.fieldsChanged === 1 ? 'field' : 'fields'} to change${c.alreadySet ? ` (${c.alreadySet} already as asked, checked with Twilio before anything is sent)` : ''}`;

/** The check's result per customer; `accounts`: the Twilio accounts the ready rows go to. */
export function bulkUpdatePreviewModal(run: BulkRun, customers: CustomerPreview[], accounts: number, paceMs: number): ModalView {
  const ready = customers.reduce((n, c) => n + c.ready, 0);
  const blocks: KnownBlock[] = [section(`*${run.totalRows}* rows checked: *${ready} ready*, *${run.refused.length} refused*.`)];
  if (ready > 0) {
    blocks.push(...sections('Per customer', customers.map(customerLine), 3));
    blocks.push(
      context(
        `They go to ${accounts} Twilio account${accounts === 1 ? '' : 's'}, ${paceMs > 0 ? `one request per account every ${durationText(paceMs)} (the pace of sender creates, shared with them)` : 'with no wait between requests'}, accounts in parallel. Only the fields Twilio does not already hold are sent; display names are never changed here.`,
      ),
    );
  }
  if (run.refused.length)
    blocks.push(...sections('Refused rows (fix them and upload them again; they never block the others)', problemLines(run.refused, MAX_LISTED), 10));
  blocks.push(context(ready > 0 ? 'Press *Start* to send the ready rows. Nothing has been sent yet.' : 'No row is ready. Fix the file and upload it again.'));
  return {
    type: 'modal',
    callback_id: CALLBACK.bulkUpdateConfirm,
    title: plain(TITLE, 24),
    ...(ready > 0 ? { submit: plain('Start', 24) } : {}),
    close: plain(ready > 0 ? 'Cancel' : 'Close', 24),
    private_metadata: JSON.stringify({ runId: run.id }),
    blocks,
  };
}

/** The run's progress message, updated in place. */
export function bulkUpdateProgressMessage(
  run: BulkRun,
  counts: UpdateCounts,
  finishAt: number | undefined,
  command: string,
  now: number,
): { text: string; blocks: KnownBlock[] } {
  const done = counts.updated + counts.unchanged + counts.failed + counts.cancelled;
  const state = { previewing: 'Preview', running: 'Running', paused: 'Paused', cancelled: 'Cancelled', done: 'All rows done' }[run.state];
  const blocks: KnownBlock[] = [
    header(`Bulk update: ${counts.submitted} ${counts.submitted === 1 ? 'sender' : 'senders'}`),
    section(`\`${progressBar(done, counts.submitted)}\`  ${done} of ${counts.submitted} done · *${state}*`),
    section(
      [
        `:hourglass: Waiting: *${counts.queued}*`,
        `:outbox_tray: Sending: *${counts.sending}*`,
        `:white_check_mark: Updated: *${counts.updated}*`,
        `:heavy_equals_sign: Already as asked: *${counts.unchanged}*`,
        `:x: Failed: *${counts.failed}*`,
        ...(counts.cancelled ? [`:no_entry_sign: Cancelled: *${counts.cancelled}*`] : []),
      ].join('   '),
    ),
  ];
  if (counts.refused) blocks.push(refusedRowsNote(counts));
  if (counts.failed) blocks.push(context(':x: Failed rows say why in the results CSV; fix them and upload just those rows again.'));
  if (finishAt !== undefined && (run.state === 'running' || run.state === 'paused'))
    blocks.push(context(`Last row expected to be sent around ${slackTime(finishAt, now)}.`));
  if (run.resultsQueuedAt) blocks.push(context('The results CSV is in the thread.'));
  blocks.push(context(`Run ${run.id} by <@${run.createdBy}> · \`${command} bulk update status | pause | resume | cancel\``));
  return { text: `Bulk update ${run.id}: ${state}, ${done} of ${counts.submitted} done`, blocks };
}
