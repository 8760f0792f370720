import type { RespondFn } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { showSenderMessage } from '../jobs/sender-message.js';
import type { ChannelScope } from '../senders/customers/channel-scope.js';
import { unwatchSender, watchSender } from '../senders/watch/watch-list.js';
import { describeProblem } from '../views/error-guide.js';

export async function watch(deps: AppDeps, target: string, user: string, channel: string, scope: ChannelScope, respond: RespondFn): Promise<void> {
  const result = await watchSender(deps.senders, target, user, channel, scope);
  if (!result.ok) {
    await respond({ response_type: 'ephemeral', text: describeProblem(result.problem, deps.slashCommand) });
    return;
  }
  await showSenderMessage(deps.senders, deps.outbox, result.record, result.note);
  await respond({ response_type: 'ephemeral', text: `Watching *${result.record.phoneNumber}* (${result.record.status}). ${result.note}` });
}

export async function unwatch(deps: AppDeps, target: string, user: string, scope: ChannelScope, respond: RespondFn): Promise<void> {
  const result = await unwatchSender(deps.senders, target, user, scope);
  await respond({ response_type: 'ephemeral', text: result.ok ? result.note : describeProblem(result.problem, deps.slashCommand) });
}
