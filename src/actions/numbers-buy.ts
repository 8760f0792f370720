import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { scopeOf } from '../senders/customers/channel-scope.js';
import { whatsAppForm } from '../senders/numbers/phone.js';
import { buyNumber } from '../senders/numbers/purchase.js';
import { describeProblem } from '../views/error-guide.js';
import {
  type BuyMetadata,
  boughtElsewhereModal,
  boughtModal,
  buyBusyModal,
  buyCheckingModal,
  buyConfirmModal,
  buyCustomerModal,
  buyFailedModal,
  buyingModal,
  readBuyButton,
} from '../views/numbers.js';
import { inputValue } from '../views/state-values.js';
import { accountChoice, choiceValue, optionFor } from './account-choice.js';
import { replyTo } from './reply.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const parseBuyMetadata = (text: string): BuyMetadata => {
  try {
    const parsed = JSON.parse(text) as Partial<BuyMetadata>;
    return {
      channel: String(parsed.channel ?? ''),
      phoneNumber: String(parsed.phoneNumber ?? ''),
      customer: parsed.customer,
      ...(typeof parsed.price === 'string' ? { price: parsed.price.slice(0, 40) } : {}),
    };
  } catch {
    return { channel: '', phoneNumber: '' };
  }
};

/** Buy on a search result: opens the purchase's first step while the trigger is fresh. */
export async function onBuyClick(deps: AppDeps, args: ButtonArgs): Promise<void> {
  await args.ack();
  const refusal = await deps.access.refusal(args.body.user.id, 'change');
  if (refusal) return replyTo(args, refusal);
  // Twilio's own form of a number it sells, as the search put it on the button.
  const { phoneNumber, price } = readBuyButton(args.action.value ?? '');
  if (!/^\+[1-9]\d{5,14}$/.test(phoneNumber)) return replyTo(args, 'That is not a number from a search. Search again and press Buy on one of its numbers.');
  const channel = args.body.channel?.id ?? '';
  const scope = await scopeOf(deps.senders.store, channel);
  const bound = await accountChoice(deps, scope, undefined);
  await args.client.views.open({
    trigger_id: args.body.trigger_id,
    view: buyCustomerModal({ channel, phoneNumber, ...(price ? { price } : {}) }, bound && (await optionFor(deps, bound))),
  });
}

/** First step submitted: the confirmation naming the number and the customer. */
export async function onBuyCustomer(deps: AppDeps, { ack, view, body }: ViewArgs): Promise<void> {
  const refusal = await deps.access.refusal(body.user.id, 'change');
  if (refusal) return void (await ack({ response_action: 'errors', errors: { customer: refusal } }));
  const metadata = parseBuyMetadata(view.private_metadata);
  const scope = await scopeOf(deps.senders.store, metadata.channel);
  const account = await accountChoice(deps, scope, inputValue(view.state.values, 'customer'));
  if (!account) {
    const why = scope.customer ? `This channel is bound to ${scope.customer.name}; buy numbers for them only.` : 'Choose a customer from the list.';
    return void (await ack({ response_action: 'errors', errors: { customer: why } }));
  }
  await ack({ response_action: 'update', view: buyConfirmModal({ ...metadata, customer: choiceValue(account) }, account.name, account.accountSid) });
}

/** Confirmed: the purchase runs after the ack, and the same window shows its outcome. */
export async function onBuyConfirm(deps: AppDeps, { ack, view, body, client }: ViewArgs): Promise<void> {
  const metadata = parseBuyMetadata(view.private_metadata);
  const scope = await scopeOf(deps.senders.store, metadata.channel);
  const account = await accountChoice(deps, scope, metadata.customer);
  const refusal = (await deps.access.refusal(body.user.id, 'change')) ?? (account ? undefined : 'That customer is no longer available here.');
  if (refusal || !account) return void (await ack({ response_action: 'update', view: buyFailedModal(metadata.phoneNumber, refusal ?? '') }));
  await ack({ response_action: 'update', view: buyingModal(metadata.phoneNumber, account.name) });
  const show = (next: ReturnType<typeof buyingModal>) =>
    client.views
      .update({ view_id: view.id, view: next })
      .catch((error: unknown) => deps.logger.info('purchase result not shown', { error: (error as Error).message }));
  await deps.work
    .run(async () => {
      const result = await buyNumber(deps.senders, account.accountSid, metadata.phoneNumber, body.user.id);
      if (result.kind === 'bought') {
        const registerValue = JSON.stringify({ customer: choiceValue(account), phone: whatsAppForm(result.number.phone_number), channel: metadata.channel });
        await show(boughtModal(result.number.phone_number, account.name, registerValue, Boolean(result.number.capabilities?.sms)));
      } else if (result.kind === 'checking')
        await show(buyCheckingModal(metadata.phoneNumber, account.name, result.retryAt, deps.senders.clock.now(), result.into));
      else if (result.kind === 'elsewhere') await show(boughtElsewhereModal(metadata.phoneNumber, account.name, result.accountName));
      else if (result.kind === 'busy') await show(buyBusyModal(metadata.phoneNumber));
      else await show(buyFailedModal(metadata.phoneNumber, describeProblem(result.problem, deps.slashCommand)));
    })
    .catch((error: unknown) => deps.logger.warn('purchase not run', { error: (error as Error).message }));
}
