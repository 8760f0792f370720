import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { OUT_OF_SCOPE, scopeOf } from '../senders/customers/channel-scope.js';
import { moveNumber } from '../senders/numbers/move.js';
import { describeProblem } from '../views/error-guide.js';
import { readRegistrationValues } from '../views/registration-modal.js';
import type { StateValues } from '../views/state-values.js';
import { accountChoice } from './account-choice.js';
import { pathHint } from './path-hint.js';
import { registrationView } from './registration-view.js';
import { replyTo } from './reply.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

interface NumberButton {
  phone: string;
  channel: string;
  customer?: string;
  from?: string;
  to?: string;
}

const OUTSIDE_FORM = 'This button works inside the window it was shown in. Open the form again with the command.';

const parseValue = (text: string | undefined): NumberButton => {
  try {
    const v = JSON.parse(text ?? '') as Partial<NumberButton>;
    return { phone: String(v.phone ?? ''), channel: String(v.channel ?? ''), customer: v.customer, from: v.from, to: v.to };
  } catch {
    return { phone: '', channel: '' };
  }
};

/** Shows the registration form in the same window, for this customer and number, with the number's path. */
async function showForm(deps: AppDeps, args: Args, channel: string, values: ReturnType<typeof readRegistrationValues>, notice?: string) {
  const scope = await scopeOf(deps.senders.store, channel);
  const hint = await pathHint(deps, scope, values, channel);
  await args.client.views
    .update({ view_id: args.body.view!.id, view: await registrationView(deps, scope, { metadata: { channel }, values, ...hint, notice }) })
    .catch((error: unknown) => deps.logger.info('registration form not shown', { error: (error as Error).message }));
}

/** "Register as WhatsApp sender" after a purchase: the form, with the customer and the number filled in. */
export async function onRegisterBought(deps: AppDeps, args: Args): Promise<void> {
  await args.ack();
  if (!args.body.view) return replyTo(args, OUTSIDE_FORM);
  const refusal = await deps.access.refusal(args.body.user.id, 'change');
  if (refusal) return replyTo(args, refusal);
  const v = parseValue(args.action.value);
  await showForm(deps, args, v.channel, { customer: v.customer, phone: v.phone });
}

/** The number is in another account: move it to the chosen customer's, then show its path there. */
export async function onMoveNumber(deps: AppDeps, args: Args): Promise<void> {
  await args.ack();
  const view = args.body.view;
  if (!view) return replyTo(args, OUTSIDE_FORM);
  const v = parseValue(args.action.value);
  const values = { ...readRegistrationValues(view.state.values as StateValues), phone: v.phone };
  const refusal = await deps.access.refusal(args.body.user.id, 'change');
  if (refusal) return showForm(deps, args, v.channel, values, `:no_entry: ${refusal}`);
  const scope = await scopeOf(deps.senders.store, v.channel);
  const from = await accountChoice(deps, scope, v.from);
  const to = await accountChoice(deps, scope, v.to);
  if (!from || !to) return showForm(deps, args, v.channel, values, `:no_entry: ${OUT_OF_SCOPE}`);
  await deps.work
    .run(async () => {
      const moved = await moveNumber(deps.senders, v.phone, from, to, args.body.user.id);
      if (!moved.ok && 'refused' in moved) return showForm(deps, args, v.channel, values, `:no_entry: ${moved.refused}`);
      const notice = moved.ok
        ? `:white_check_mark: ${v.phone} moved from ${from.name} to ${to.name}.`
        : `:x: ${v.phone} was not moved. ${describeProblem(moved.problem, deps.slashCommand)}`;
      await showForm(deps, args, v.channel, { ...values, customer: v.to }, notice);
    })
    .catch((error: unknown) => deps.logger.warn('number move not run', { error: (error as Error).message }));
}

/** The number stays in its own account: the form switches to that account's customer. */
export async function onRegisterWhereItIs(deps: AppDeps, args: Args): Promise<void> {
  await args.ack();
  const view = args.body.view;
  if (!view) return replyTo(args, OUTSIDE_FORM);
  const refusal = await deps.access.refusal(args.body.user.id, 'change');
  if (refusal) return replyTo(args, refusal);
  const v = parseValue(args.action.value);
  const values = { ...readRegistrationValues(view.state.values as StateValues), phone: v.phone, customer: v.from };
  await showForm(deps, args, v.channel, values);
}
