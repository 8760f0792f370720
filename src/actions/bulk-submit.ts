import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import type { ReadyRow } from '../senders/bulk/rows.js';
import { confirmBulkRun, prepareBulkRun, readyCount, wabasJoined } from '../senders/bulk/runs.js';
import { scopeOf } from '../senders/customers/channel-scope.js';
import { bulkPreviewModal, bulkUploadModal } from '../views/bulk.js';
import { describeProblem } from '../views/error-guide.js';
import { noticeModal } from '../views/notice-modal.js';
import { elementOf, inputValue, type StateValues } from '../views/state-values.js';
import { bulkWabaLines } from '../views/waba-info.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const metadata = (raw: string): Record<string, string> => {
  try {
    return JSON.parse(raw) as Record<string, string>;
  } catch {
    return {};
  }
};

/** The CSV was given: answer Slack at once, then check every row and show the preview in place. */
export async function onBulkUpload(deps: AppDeps, { ack, view, body, client }: Args): Promise<void> {
  const values = view.state.values as StateValues;
  const files = elementOf(values, 'file')?.files ?? [];
  const pasted = inputValue(values, 'csv_text')?.trim();
  const { channel = '' } = metadata(view.private_metadata);
  const refusal = await deps.access.refusal(body.user.id, 'change');
  if (refusal) {
    await ack({ response_action: 'errors', errors: { file: refusal } });
    return;
  }
  if (!files.length && !pasted) {
    await ack({ response_action: 'errors', errors: { file: 'Upload a CSV file, or paste CSV text below.' } });
    return;
  }
  await ack({ response_action: 'update', view: noticeModal('Bulk registration', 'Checking every row… nothing is sent yet.') });
  let csv = pasted ?? '';
  const file = files[0];
  if (file) {
    try {
      csv = await deps.downloadFile(file.url_private_download ?? file.url_private ?? '');
    } catch (error) {
      await client.views.update({
        view_id: view.id,
        view: bulkUploadModal(channel, `:x: The file could not be read: ${(error as Error).message}. Upload it again, or paste the CSV.`),
      });
      return;
    }
  }
  const prepared = await prepareBulkRun(deps.senders, csv, body.user.id, channel, await scopeOf(deps.senders.store, channel));
  const next = prepared.ok
    ? bulkPreviewModal(
        prepared.run,
        readyCount(prepared.run),
        new Set(((prepared.run.preview ?? []) as { request: { accountSid: string } }[]).map((r) => r.request.accountSid)).size,
        deps.senders.settings.sendersMinIntervalMs,
        bulkWabaLines(await wabasJoined(deps.senders, (prepared.run.preview ?? []) as ReadyRow[])),
      )
    : bulkUploadModal(channel, `:x: ${prepared.message}`);
  await client.views
    .update({ view_id: view.id, view: next })
    .catch((e) => deps.logger.warn('could not show the bulk preview', { error: (e as Error).message }));
}

/** A run started from the Home tab posts to the person who started it (a user ID), not to a channel. */
const whereShown = (channel: string) => (/^[UW][A-Z0-9]+$/.test(channel) ? 'your messages with the bot' : `<#${channel}>`);

/** Start: the checked rows join the queue; the progress message appears in the channel. */
export async function onBulkConfirm(deps: AppDeps, { ack, view, body }: Args): Promise<void> {
  const { runId = '' } = metadata(view.private_metadata);
  const refusal = await deps.access.refusal(body.user.id, 'change');
  if (refusal) {
    await ack({ response_action: 'update', view: noticeModal('Bulk registration', refusal) });
    return;
  }
  const result = await confirmBulkRun(deps.senders, runId, body.user.id);
  if (!result.ok) {
    await ack({ response_action: 'update', view: noticeModal('Bulk registration', describeProblem(result.problem, deps.slashCommand)) });
    return;
  }
  await ack({
    response_action: 'update',
    view: noticeModal(
      'Bulk registration',
      `:rocket: ${result.run.recordIds.length} rows are queued. The progress message in ${whereShown(result.run.channel)} is updated as they go; rows that need a code appear in its thread.`,
    ),
  });
  void deps.runner.tick();
}
