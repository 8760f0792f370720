import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { scopeOf } from '../senders/customers/channel-scope.js';
import { customerOption, customerOptions } from '../views/customer-options.js';
import { parseRegistrationMetadata } from '../views/registration-modal.js';

type Args = SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs;

/**
 * The registration form's customer select asks for its options as the person types. A channel
 * bound to one customer (named in the form's private_metadata) offers that customer only,
 * whatever is typed. Answered in the ack, from the store alone: Slack waits 3 s at most.
 */
export async function onCustomerOptions(deps: AppDeps, { ack, body }: Args): Promise<void> {
  if (await deps.access.refusal(body.user.id, 'change')) return await ack({ options: [] });
  const { store, twilio } = deps.senders;
  const scope = await scopeOf(store, parseRegistrationMetadata(body.view?.private_metadata ?? '').channel);
  if (scope.customer) return await ack({ options: [customerOption(scope.customer)] });
  const customers = (await store.customers.list()).filter((c) => scope.allows(c.accountSid));
  const mainAccountSid = scope.allows(twilio.mainAccountSid) ? twilio.mainAccountSid : undefined;
  await ack({ options: customerOptions(body.value ?? '', { customers, mainAccountSid }) });
}
