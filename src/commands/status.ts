import type { RespondFn } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import type { ChannelScope } from '../senders/customers/channel-scope.js';
import { customerNameFor } from '../senders/customers/customers.js';
import { lookupSender } from '../senders/watch/lookup.js';
import { describeProblem } from '../views/error-guide.js';
import { statusMessage } from '../views/status-message.js';

/** `askedAt`: performance.now() when the command came; a check of the sender started since answers it too. */
export async function showStatus(deps: AppDeps, target: string, scope: ChannelScope, respond: RespondFn, askedAt?: number): Promise<void> {
  const result = await lookupSender(deps.senders, target, scope, (record) => deps.poller.checkNow(record.id, askedAt));
  if (!result.ok) {
    await respond({ response_type: 'ephemeral', text: describeProblem(result.problem, deps.slashCommand) });
    return;
  }
  const message = statusMessage(result.record, await customerNameFor(deps.senders, result.record.accountSid), result.tracked, deps.senders.clock.now());
  await respond({ response_type: 'ephemeral', ...message });
}
