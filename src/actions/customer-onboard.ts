import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { offerOnboardingLink } from '../commands/customer-onboard.js';
import { parseRegistrationMetadata } from '../views/registration-modal.js';
import { replyTo } from './reply.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * The "Onboard" button (value: the customer's id): the same link as `customer onboard`. In the
 * registration form the click carries no channel: the link goes to the channel the form was
 * opened from, and what went wrong to the person, since a form has nowhere to answer.
 */
export async function onCustomerOnboard(deps: AppDeps, args: Args): Promise<void> {
  const user = args.body.user.id;
  const fromForm = !args.body.channel && args.body.view;
  const channel = args.body.channel?.id || (fromForm ? parseRegistrationMetadata(fromForm.private_metadata).channel : '') || user;
  const tell = (text: string) =>
    fromForm
      ? args.client.chat.postEphemeral({ channel, user, text }).then(
          () => undefined,
          () => undefined,
        )
      : replyTo(args, text);
  const refusal = await deps.access.refusal(user, 'change');
  if (refusal) return await tell(refusal);
  const problem = await offerOnboardingLink(deps, { customer: args.action.value ?? '', create: false }, channel, user);
  if (problem) await tell(problem);
}
