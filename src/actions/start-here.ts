import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../app-deps.js';
import { openBulkForm } from '../commands/bulk.js';
import { offerOnboardingLink } from '../commands/customer-onboard.js';
import { openRegistrationForm } from '../commands/register.js';
import { unlessCancelled } from '../jobs/work-queue.js';
import { scopeOf, UNBOUND } from '../senders/customers/channel-scope.js';
import { missingOnboardingSettings } from '../senders/customers/onboarding-settings.js';
import { noticeModal } from '../views/notice-modal.js';
import { onboardModal } from '../views/onboard-modal.js';
import { onboardingNotConfigured } from '../views/onboarding-messages.js';
import { RESTARTING } from '../views/restarting.js';
import { elementOf, inputValue } from '../views/state-values.js';
import type { ShortcutArgs, ViewArgs } from './in-time.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/*
 * Where people start without typing a command: the global shortcut and the Home tab's buttons.
 * They open the forms the commands open. Outside a channel, what the form makes (a sender's
 * message, a bulk run's progress, an onboarding link) goes to the person's messages with the bot.
 */

/** Opens `form`, or says why the person may not, in a modal: there is no channel to answer in. */
async function openIfAllowed(deps: AppDeps, client: WebClient, user: string, triggerId: string, form: () => Promise<void>): Promise<void> {
  const refusal = await deps.access.refusal(user, 'change');
  if (refusal) {
    await client.views.open({ trigger_id: triggerId, view: noticeModal('Not allowed', refusal) });
    return;
  }
  await form();
}

export async function onRegisterShortcut(deps: AppDeps, { ack, body, client }: ShortcutArgs): Promise<void> {
  await ack();
  await openIfAllowed(deps, client, body.user.id, body.trigger_id, () => openRegistrationForm(deps, client, body.trigger_id, '', UNBOUND));
}

// A start button pressed anywhere but the Home tab keeps to that channel, as its command would.
export async function onHomeRegister(deps: AppDeps, { ack, body, client }: ButtonArgs): Promise<void> {
  await ack();
  const channel = body.channel?.id ?? '';
  const scope = channel ? await scopeOf(deps.senders.store, channel) : UNBOUND;
  await openIfAllowed(deps, client, body.user.id, body.trigger_id, () => openRegistrationForm(deps, client, body.trigger_id, channel, scope));
}

export async function onHomeBulk(deps: AppDeps, { ack, body, client }: ButtonArgs): Promise<void> {
  await ack();
  await openIfAllowed(deps, client, body.user.id, body.trigger_id, () => openBulkForm(client, body.trigger_id, body.channel?.id ?? body.user.id));
}

export async function onHomeOnboard(deps: AppDeps, { ack, body, client }: ButtonArgs): Promise<void> {
  await ack();
  await openIfAllowed(deps, client, body.user.id, body.trigger_id, async () => {
    await client.views.open({ trigger_id: body.trigger_id, view: onboardModal() });
  });
}

/** The onboarding form sent: the link is posted in the person's messages with the bot, or the form says what is wrong. */
export async function onOnboardSubmit(deps: AppDeps, { ack, body, view, client }: ViewArgs): Promise<void> {
  const user = body.user.id;
  const refusal = await deps.access.refusal(user, 'change');
  if (refusal) return await ack({ response_action: 'errors', errors: { customer: refusal } });
  const customer = (inputValue(view.state.values, 'customer') ?? '').trim();
  const create = (elementOf(view.state.values, 'new_customer')?.selected_options?.length ?? 0) > 0;
  if (!customer) return await ack({ response_action: 'errors', errors: { customer: 'Give the customer’s name.' } });
  const missing = missingOnboardingSettings(deps.onboarding.settings);
  if (missing.length > 0) return await ack({ response_action: 'errors', errors: { customer: onboardingNotConfigured(missing) } });
  const known = await deps.senders.store.customers.find(customer);
  if (!create && !known) {
    return await ack({
      response_action: 'errors',
      errors: { customer: `No customer "${customer}". Check its name in \`${deps.slashCommand} customers\`, or tick "New customer".` },
    });
  }
  if (create && known) return await ack({ response_action: 'errors', errors: { customer: `"${known.name}" already exists: untick "New customer".` } });
  await ack({
    response_action: 'update',
    view: noticeModal('Onboard a customer', `The link for *${customer.replace(/[<>&*_~`]/g, '')}* is being made; it appears in your messages with the bot.`),
  });
  const tell = async (text: string) => void (await client.chat.postMessage({ channel: user, text }));
  const offer = async () => {
    const problem = await offerOnboardingLink(deps, { customer, create }, user, user);
    if (problem) await tell(problem);
  };
  await deps.work.run(offer, () => tell(RESTARTING)).catch(unlessCancelled);
}
