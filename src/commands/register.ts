import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { registrationView } from '../actions/registration-view.js';
import type { AppDeps } from '../app-deps.js';
import type { ChannelScope } from '../senders/customers/channel-scope.js';

export async function openRegistration(deps: AppDeps, { command, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs, scope: ChannelScope): Promise<void> {
  await openRegistrationForm(deps, client, command.trigger_id, command.channel_id, scope);
}

/**
 * The registration form, from the command, the shortcut or the Home tab. `channel` is where the
 * sender's message goes; without one (shortcut, Home tab) it goes to the person who asked.
 */
export async function openRegistrationForm(deps: AppDeps, client: WebClient, triggerId: string, channel: string, scope: ChannelScope): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view: await registrationView(deps, scope, { metadata: { channel } }) });
}
