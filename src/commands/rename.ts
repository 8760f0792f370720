import type { RespondFn } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { showSenderMessage } from '../jobs/sender-message.js';
import type { ChannelScope } from '../senders/customers/channel-scope.js';
import { changeDisplayName } from '../senders/display-name/change-name.js';
import { nameChangeReply } from '../views/name-change.js';
import { trackedSender } from './tracked-sender.js';

/** `rename <number or XE sid> <new name>`: a sender the bot tracks gets a new display name. */
export async function rename(deps: AppDeps, target: string, name: string, user: string, scope: ChannelScope, respond: RespondFn): Promise<void> {
  const reply = (text: string) => respond({ response_type: 'ephemeral', text });
  const found = await trackedSender(deps, target, scope);
  if ('refusal' in found) return void (await reply(found.refusal));
  const { record } = found;
  const result = await changeDisplayName(deps.senders, record.id, name, user);
  if (result.ok) await showSenderMessage(deps.senders, deps.outbox, result.record, `Display name change to “${result.name}” asked by <@${user}>.`);
  await reply(nameChangeReply(result, deps.senders.clock.now(), deps.slashCommand));
}
