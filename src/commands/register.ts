import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { registrationModal } from '../views/registration-modal.js';

export async function openRegistration(deps: AppDeps, { command, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  await client.views.open({
    trigger_id: command.trigger_id,
    view: registrationModal({
      customers: deps.senders.store.data.customers,
      mainAccountSid: deps.senders.twilio.mainAccountSid,
      metadata: { channel: command.channel_id },
    }),
  });
}
