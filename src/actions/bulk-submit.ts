import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import type { ReadyRow } from '../senders/bulk/rows.js';
import { confirmBulkRun, prepareBulkRun, readyCount, wabasJoined } from '../senders/bulk/runs.js';
import { scopeOf } from '../senders/customers/channel-scope.js';
import { bulkPreviewModal, bulkUploadModal } from '../views/bulk.js';
import { describeProblem } from '../views/error-guide.js';
import { noticeModal } from '../views/notice-modal.js';
import { bulkWabaLines } from '../views/waba-info.js';
import { formMetadata, readUploadedCsv, whereShown } from './csv-upload.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The CSV was given: answer Slack at once, then check every row and show the preview in place. */
export async function onBulkUpload(deps: AppDeps, args: Args): Promise<void> {
  const { view, body, client } = args;
  const upload = await readUploadedCsv(deps, args, { title: 'Bulk registration', upload: bulkUploadModal });
  if (!upload) return;
  const { csv, channel } = upload;
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

/** Start: the checked rows join the queue; the progress message appears in the channel. */
export async function onBulkConfirm(deps: AppDeps, { ack, view, body }: Args): Promise<void> {
  const { runId = '' } = formMetadata(view.private_metadata);
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
