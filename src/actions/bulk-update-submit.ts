import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { UPDATE_CSV_HELP } from '../senders/bulk-update/update-csv.js';
import { confirmUpdateRun, prepareUpdateRun, previewByCustomer, updateRows } from '../senders/bulk-update/update-runs.js';
import { scopeOf } from '../senders/customers/channel-scope.js';
import { bulkUpdatePreviewModal, bulkUpdateUploadModal } from '../views/bulk-update.js';
import { describeProblem } from '../views/error-guide.js';
import { noticeModal } from '../views/notice-modal.js';
import { formMetadata, readUploadedCsv, whereShown } from './csv-upload.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const TITLE = 'Bulk update';

/** The CSV was given: answer Slack at once, then find every row's sender and show the preview in place. */
export async function onBulkUpdateUpload(deps: AppDeps, args: Args): Promise<void> {
  const { view, body, client } = args;
  const upload = await readUploadedCsv(deps, args, {
    title: TITLE,
    upload: (channel, error) => bulkUpdateUploadModal(channel, deps.slashCommand, UPDATE_CSV_HELP, error),
  });
  if (!upload) return;
  const { csv, channel } = upload;
  const prepared = await prepareUpdateRun(deps.senders, csv, body.user.id, channel, await scopeOf(deps.senders.store, channel));
  const next = prepared.ok
    ? bulkUpdatePreviewModal(
        prepared.run,
        previewByCustomer(prepared.run),
        new Set(updateRows(prepared.run).map((r) => r.accountSid)).size,
        deps.senders.settings.sendersMinIntervalMs,
      )
    : bulkUpdateUploadModal(channel, deps.slashCommand, UPDATE_CSV_HELP, `:x: ${prepared.message}`);
  await client.views
    .update({ view_id: view.id, view: next })
    .catch((e) => deps.logger.warn('could not show the bulk update preview', { error: (e as Error).message }));
}

/** Start: the ready rows go out, paced; the progress message appears in the channel. */
export async function onBulkUpdateConfirm(deps: AppDeps, { ack, view, body }: Args): Promise<void> {
  const { runId = '' } = formMetadata(view.private_metadata);
  const refusal = await deps.access.refusal(body.user.id, 'change');
  if (refusal) {
    await ack({ response_action: 'update', view: noticeModal(TITLE, refusal) });
    return;
  }
  const result = await confirmUpdateRun(deps.senders, runId, body.user.id);
  if (!result.ok) {
    await ack({ response_action: 'update', view: noticeModal(TITLE, describeProblem(result.problem, deps.slashCommand)) });
    return;
  }
  await ack({
    response_action: 'update',
    view: noticeModal(
      TITLE,
      `:rocket: ${updateRows(result.run).length} senders are queued for their update. The progress message in ${whereShown(result.run.channel)} is updated as they go; the results CSV follows in its thread.`,
    ),
  });
  void deps.runner.tick().catch(() => undefined);
}
