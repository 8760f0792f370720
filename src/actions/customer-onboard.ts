import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { offerOnboardingLink } from '../commands/customer-onboard.js';
import { replyTo } from './reply.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** The "Onboard this customer" button (value: the customer's id): the same link as `customer onboard`. */
export async function onCustomerOnboard(deps: AppDeps, args: Args): Promise<void> {
  const user = args.body.user.id;
  const refusal = await deps.access.refusal(user, 'change');
  if (refusal) return await replyTo(args, refusal);
  const channel = args.body.channel?.id ?? user;
  const problem = await offerOnboardingLink(deps, { customer: args.action.value ?? '', create: false }, channel, user);
  if (problem) await replyTo(args, problem);
}
