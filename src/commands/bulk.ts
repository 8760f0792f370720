import type { AllMiddlewareArgs, RespondFn, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../app-deps.js';
import { controlRun, countRun, currentRun, expectedFinish, noBulkRun, type RunControl } from '../senders/bulk/runs.js';
import type { ChannelScope } from '../senders/customers/channel-scope.js';
import { bulkProgressMessage, bulkUploadModal } from '../views/bulk.js';
import { describeProblem } from '../views/error-guide.js';

export async function openBulk(_deps: AppDeps, { command, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  await openBulkForm(client, command.trigger_id, command.channel_id);
}

/** The bulk upload form; the run's progress is posted in `channel` (a person's ID: their messages with the bot). */
export async function openBulkForm(client: WebClient, triggerId: string, channel: string): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view: bulkUploadModal(channel) });
}

export async function bulkStatus(deps: AppDeps, scope: ChannelScope, channel: string, respond: RespondFn): Promise<void> {
  const run = await currentRun(deps.senders, scope, channel);
  if (!run) {
    await respond({ response_type: 'ephemeral', text: noBulkRun(deps.slashCommand) });
    return;
  }
  const now = deps.senders.clock.now();
  const message = bulkProgressMessage(run, await countRun(deps.senders, run), await expectedFinish(deps.senders, run, now), deps.slashCommand, now);
  await respond({ response_type: 'ephemeral', ...message });
}

export async function bulkControl(deps: AppDeps, control: RunControl, user: string, scope: ChannelScope, channel: string, respond: RespondFn): Promise<void> {
  const result = await controlRun(deps.senders, control, user, scope, channel);
  if (!result.ok) {
    await respond({ response_type: 'ephemeral', text: describeProblem(result.problem, deps.slashCommand) });
    return;
  }
  void deps.runner.tick();
  await respond({ response_type: 'ephemeral', text: result.note });
}
