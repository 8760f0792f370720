import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import type { ChannelScope } from '../senders/customers/channel-scope.js';
import { registrationModal } from '../views/registration-modal.js';

export async function openRegistration(deps: AppDeps, { command, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs, scope: ChannelScope): Promise<void> {
  await client.views.open({
    trigger_id: command.trigger_id,
    view: registrationModal({
      customers: scope.customer ? [scope.customer] : deps.senders.store.data.customers,
      mainAccountSid: deps.senders.twilio.mainAccountSid,
      onlyCustomers: Boolean(scope.customer),
      metadata: { channel: command.channel_id },
    }),
  });
}
