import type { AllMiddlewareArgs, RespondFn, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import type { RunControl } from '../senders/bulk/runs.js';
import { currentRun } from '../senders/bulk/runs.js';
import { UPDATE_CSV_HELP } from '../senders/bulk-update/update-csv.js';
import { controlUpdateRun, countUpdateRun, expectedUpdateFinish } from '../senders/bulk-update/update-runs.js';
import type { ChannelScope } from '../senders/customers/channel-scope.js';
import { bulkUpdateProgressMessage, bulkUpdateUploadModal } from '../views/bulk-update.js';
import { describeProblem } from '../views/error-guide.js';

export async function openBulkUpdate(deps: AppDeps, { command, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  await client.views.open({ trigger_id: command.trigger_id, view: bulkUpdateUploadModal(command.channel_id, deps.slashCommand, UPDATE_CSV_HELP) });
}

export async function bulkUpdateStatus(deps: AppDeps, scope: ChannelScope, channel: string, respond: RespondFn): Promise<void> {
  const run = await currentRun(deps.senders, scope, channel, 'update');
  if (!run) {
    await respond({ response_type: 'ephemeral', text: `No bulk update yet. Start one with \`${deps.slashCommand} bulk update\`.` });
    return;
  }
  const now = deps.senders.clock.now();
  const message = bulkUpdateProgressMessage(run, countUpdateRun(run), await expectedUpdateFinish(deps.senders, run, now), deps.slashCommand, now);
  await respond({ response_type: 'ephemeral', ...message });
}

export async function bulkUpdateControl(
  deps: AppDeps,
  control: RunControl,
  user: string,
  scope: ChannelScope,
  channel: string,
  respond: RespondFn,
): Promise<void> {
  const result = await controlUpdateRun(deps.senders, control, user, scope, channel);
  if (!result.ok) {
    await respond({ response_type: 'ephemeral', text: describeProblem(result.problem, deps.slashCommand) });
    return;
  }
  void deps.runner.tick().catch(() => undefined);
  await respond({ response_type: 'ephemeral', text: result.note });
}
