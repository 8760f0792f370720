import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { openProfileEditor } from '../actions/profile-edit.js';
import type { AppDeps } from '../app-deps.js';
import { type ChannelScope, OUT_OF_SCOPE } from '../senders/customers/channel-scope.js';
import { profileUpdateRefusal } from '../senders/profile/index.js';
import { senderKey } from '../senders/watch/lookup.js';
import { describeProblem } from '../views/error-guide.js';

/** `profile <number or XE sid>`: the form to change a tracked sender's profile and webhooks. */
export async function openProfile(
  deps: AppDeps,
  { command, client, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs,
  target: string,
  scope: ChannelScope,
): Promise<void> {
  const reply = (text: string) => respond({ response_type: 'ephemeral', text });
  const key = senderKey(target);
  if (typeof key !== 'string') return void (await reply(describeProblem(key, deps.slashCommand)));
  const record = await deps.senders.store.senders.findBySidOrPhone(key);
  if (record && !scope.allows(record.accountSid)) return void (await reply(OUT_OF_SCOPE));
  if (!record) return void (await reply(`The bot does not track ${key}. Start watching it first: \`${deps.slashCommand} watch ${key}\`.`));
  const refusal = profileUpdateRefusal(record);
  if (refusal) return void (await reply(refusal));
  await openProfileEditor(deps, client, command.trigger_id, record, command.channel_id);
}
