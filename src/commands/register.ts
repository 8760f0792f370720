import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { registrationView } from '../actions/registration-view.js';
import type { AppDeps } from '../app-deps.js';
import type { ChannelScope } from '../senders/customers/channel-scope.js';

export async function openRegistration(deps: AppDeps, { command, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs, scope: ChannelScope): Promise<void> {
  await client.views.open({
    trigger_id: command.trigger_id,
    view: await registrationView(deps, scope, { metadata: { channel: command.channel_id } }),
  });
}
