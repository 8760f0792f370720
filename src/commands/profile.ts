import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { openProfileEditor } from '../actions/profile-edit.js';
import type { AppDeps } from '../app-deps.js';
import type { ChannelScope } from '../senders/customers/channel-scope.js';
import { profileUpdateRefusal } from '../senders/profile/index.js';
import { trackedSender } from './tracked-sender.js';

/** `profile <number or XE sid>`: the form to change a tracked sender's profile and webhooks. */
export async function openProfile(
  deps: AppDeps,
  { command, client, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs,
  target: string,
  scope: ChannelScope,
): Promise<void> {
  const reply = (text: string) => respond({ response_type: 'ephemeral', text });
  const found = await trackedSender(deps, target, scope);
  if ('refusal' in found) return void (await reply(found.refusal));
  const { record } = found;
  const refusal = profileUpdateRefusal(record);
  if (refusal) return void (await reply(refusal));
  await openProfileEditor(deps, client, command.trigger_id, record, command.channel_id);
}
