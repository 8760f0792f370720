import type { RespondFn } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import type { ChannelScope } from '../senders/customers/channel-scope.js';
import { lookupSender } from '../senders/watch/lookup.js';
import { deleteConfirmation } from '../views/delete-confirmation.js';
import { describeProblem } from '../views/error-guide.js';

/** Finds the sender, then asks for a confirmation; the Delete button does the deleting. */
export async function askDelete(deps: AppDeps, target: string, scope: ChannelScope, respond: RespondFn): Promise<void> {
  const found = await lookupSender(deps.senders, target, scope);
  if (!found.ok) {
    await respond({ response_type: 'ephemeral', text: describeProblem(found.problem, deps.slashCommand) });
    return;
  }
  if (!found.record.sid || found.record.status === 'DELETED') {
    await respond({
      response_type: 'ephemeral',
      text: `${found.record.phoneNumber} has no sender in Twilio to delete: ${found.record.status === 'DELETED' ? 'it was deleted already' : 'its registration never reached Twilio'}.`,
    });
    return;
  }
  await respond({ response_type: 'ephemeral', ...deleteConfirmation(found.record, deps.senders.clock.now()) });
}
