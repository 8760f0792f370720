import type { RespondFn } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { showSenderMessage } from '../jobs/sender-message.js';
import { type ChannelScope, OUT_OF_SCOPE } from '../senders/customers/channel-scope.js';
import { changeDisplayName } from '../senders/display-name/change-name.js';
import { senderKey } from '../senders/watch/lookup.js';
import { describeProblem } from '../views/error-guide.js';
import { nameChangeReply } from '../views/name-change.js';

/** `rename <number or XE sid> <new name>`: a sender the bot tracks gets a new display name. */
export async function rename(deps: AppDeps, target: string, name: string, user: string, scope: ChannelScope, respond: RespondFn): Promise<void> {
  const reply = (text: string) => respond({ response_type: 'ephemeral', text });
  const key = senderKey(target);
  if (typeof key !== 'string') return void (await reply(describeProblem(key, deps.slashCommand)));
  const record = await deps.senders.store.senders.findBySidOrPhone(key);
  if (record && !scope.allows(record.accountSid)) return void (await reply(OUT_OF_SCOPE));
  if (!record) return void (await reply(`The bot does not track ${key}. Start watching it first: \`${deps.slashCommand} watch ${key}\`.`));
  const result = await changeDisplayName(deps.senders, record.id, name, user);
  if (result.ok) await showSenderMessage(deps.senders, deps.outbox, result.record, `Display name change to “${result.name}” asked by <@${user}>.`);
  await reply(nameChangeReply(result, deps.senders.clock.now(), deps.slashCommand));
}
