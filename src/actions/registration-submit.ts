import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { showSenderMessage } from '../jobs/sender-message.js';
import { type ChannelScope, scopeOf } from '../senders/customers/channel-scope.js';
import { type WabaPlan, wabaForCreate, wabaKnowledge } from '../senders/customers/waba.js';
import { logoCheckOf } from '../senders/profile/logo-check.js';
import { REJECTED_NAME_REMINDER } from '../senders/registration/display-name.js';
import { checkRegistrationForm } from '../senders/registration/form.js';
import { acceptRegistration, type RegistrationOutcome, sendRegistration } from '../senders/registration/registration.js';
import type { Reads } from '../store/repositories.js';
import type { Customer } from '../store/schema.js';
import { StorageError } from '../store/storage-error.js';
import { escapeText } from '../views/blocks.js';
import { cannotSave } from '../views/cannot-save.js';
import { describeProblem } from '../views/error-guide.js';
import { noticeModal } from '../views/notice-modal.js';
import { otpModal } from '../views/otp-modal.js';
import { parseRegistrationMetadata, readRegistrationValues } from '../views/registration-modal.js';
import { slackTime } from '../views/time-text.js';
import { missingAccount } from './account-choice.js';
import { registrationView } from './registration-view.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The customers the form's check needs: the channel's own, or the one picked (the check looks
 * only at that one); none when none was picked (then only whether any exists matters, see
 * missingAccount).
 */
async function customersToCheck(store: Reads, scope: ChannelScope, picked: string | undefined): Promise<Customer[]> {
  if (scope.customer) return [scope.customer];
  const customer = picked ? await store.customers.get(picked) : undefined;
  return customer ? [customer] : [];
}

const clashNotice = (plan: Exclude<WabaPlan, { ok: true }>) => {
  if (plan.reason === 'no_waba') return 'This customer must onboard first: see below.';
  return plan.heldElsewhere
    ? 'The WABA below is already held by another customer’s Twilio account: see below.'
    : 'This customer’s Twilio account already holds another WABA than the one below: see below.';
};

/**
 * The registration modal was submitted. Field problems go back at once as errors under their
 * fields; otherwise the modal turns into a progress view, the registration runs, and the same
 * view becomes the code entry view (or a result).
 */
export async function onRegistrationSubmit(deps: AppDeps, { ack, view, body, client }: Args): Promise<void> {
  const metadata = parseRegistrationMetadata(view.private_metadata);
  const values = readRegistrationValues(view.state.values);
  const { store, twilio } = deps.senders;
  const refusal = await deps.access.refusal(body.user.id, 'change');
  if (refusal) {
    await ack({ response_action: 'errors', errors: { customer: refusal } });
    return;
  }
  const scope = await scopeOf(store, metadata.channel);
  const customers = await customersToCheck(store, scope, values.customer);
  const check = checkRegistrationForm(values, customers, twilio.mainAccountSid, deps.slashCommand);
  const unpicked = scope.customer ? undefined : await missingAccount(values.customer, store.customers);
  if (!check.ok || unpicked) {
    await ack({ response_action: 'errors', errors: { ...(check.ok ? {} : check.errors), ...(unpicked ? { customer: unpicked } : {}) } });
    return;
  }
  const v = check.value;
  if (!scope.allows(v.accountSid)) {
    await ack({ response_action: 'errors', errors: { customer: `This channel is bound to ${scope.customer?.name}; register its senders only.` } });
    return;
  }
  const keyRefusal = v.accountSid !== twilio.mainAccountSid ? deps.senders.credentials?.refusal() : undefined;
  if (keyRefusal) {
    await ack({
      response_action: 'update',
      view: await registrationView(deps, scope, { metadata, values, notice: `:no_entry: *Nothing was sent to Twilio.* ${keyRefusal}` }),
    });
    return;
  }
  // A customer without a WABA, or a second WABA for the account: refused before anything is stored or sent.
  const waba = wabaForCreate(await wabaKnowledge(store, v.accountSid, v.customer?.wabaId), v.accountSid, v.customer, deps.slashCommand);
  if (!waba.ok) {
    await ack({
      response_action: 'update',
      view: await registrationView(deps, scope, {
        metadata,
        values,
        notice: `:no_entry: *Nothing was sent to Twilio.* ${clashNotice(waba)}`,
      }),
    });
    return;
  }
  // The logo is fetched to check it (up to seconds, longer than Slack waits for an answer): the form says so, then comes back.
  const logoUrl = v.profile.logo_url;
  if (logoUrl && metadata.logoChecked !== logoUrl) {
    await ack({ response_action: 'update', view: noticeModal('Checking the logo', 'Fetching the logo to check it as WhatsApp will…') });
    const verdict = await logoCheckOf(deps.senders)(logoUrl);
    const notice = verdict.ok
      ? `:white_check_mark: The logo passed WhatsApp's checks (${verdict.width} × ${verdict.height}). Press *Register* to go on.`
      : `:no_entry: *Nothing was sent to Twilio.* The logo cannot be used: ${escapeText(verdict.message)} Fix the *Logo URL* or empty it, then press *Register*.`;
    const next = await registrationView(deps, scope, { metadata: verdict.ok ? { ...metadata, logoChecked: logoUrl } : metadata, values, notice });
    await client.views
      .update({ view_id: view.id, view: next })
      .catch((e) => deps.logger.warn('could not show the logo check', { error: (e as Error).message }));
    return;
  }
  if (v.nameWarnings.length > 0 && metadata.nameAck !== v.profile.name) {
    const notice = `:warning: *Check the display name before going on*\n${v.nameWarnings.map((w) => `• ${escapeText(w)}`).join('\n')}\n${REJECTED_NAME_REMINDER}\nPress *Register* again to go on with this name, or change it.`;
    await ack({
      response_action: 'update',
      view: await registrationView(deps, scope, { metadata: { ...metadata, nameAck: v.profile.name }, values, notice }),
    });
    return;
  }
  const changes = v.phoneChanges.length ? `\nThe number was adjusted for WhatsApp: ${v.phoneChanges.join('; ')}.` : '';
  // Stored before Slack hears "accepted": an acknowledged registration survives a crash.
  const accepted = await acceptRegistration(deps.senders, {
    accountSid: v.accountSid,
    customerId: v.customer?.id,
    phoneNumber: v.phoneNumber,
    requestedMethod: v.requestedMethod,
    voiceEmail: v.voiceEmail,
    wabaId: waba.wabaId,
    profile: v.profile,
    webhook: v.webhook,
    requestedBy: body.user.id,
    slackChannel: metadata.channel || undefined,
  });
  if (accepted.kind === 'duplicate') {
    await ack({
      response_action: 'errors',
      errors: {
        phone: `${v.phoneNumber} is already being registered in this account (${accepted.record.status ?? accepted.record.state}). Use the buttons on its channel message, or ${deps.slashCommand} status ${v.phoneNumber}.`,
      },
    });
    return;
  }
  if (accepted.kind === 'not_saved') {
    await ack({ response_action: 'errors', errors: { phone: cannotSave(accepted.problem, 'Nothing was registered or sent to Twilio') } });
    return;
  }
  // The registration is stored: even if Slack no longer takes the answer (too late, a reconnect),
  // it goes on, and its channel message shows the outcome.
  await ack({
    response_action: 'update',
    view: noticeModal('Registering…', `Registering *${v.phoneNumber}* as *${escapeText(v.profile.name)}*…${changes}`),
  }).catch((error: unknown) => deps.logger.warn('Slack did not take the answer to a registration; it goes on', { error: (error as Error).message }));

  let next: Awaited<ReturnType<typeof viewAfter>>;
  try {
    const outcome = await sendRegistration(deps.senders, accepted.record, { from: 'form' });
    if ((outcome.kind === 'created' || outcome.kind === 'failed' || outcome.kind === 'queued' || outcome.kind === 'checking') && outcome.record) {
      await showSenderMessage(deps.senders, deps.outbox, outcome.record, changes.trim() || undefined);
    }
    next = await viewAfter(deps, scope, outcome, values, metadata, changes);
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    next = noticeModal(
      'Cannot save right now',
      cannotSave(error, `*${v.phoneNumber}* is registered as stored when the form was sent; its channel message shows what becomes of it`),
    );
  }
  try {
    await client.views.update({ view_id: view.id, view: next });
  } catch (error) {
    deps.logger.warn('could not update the registration modal (closed?)', { error: (error as Error).message });
  }
}

async function viewAfter(
  deps: AppDeps,
  scope: ChannelScope,
  outcome: RegistrationOutcome,
  values: ReturnType<typeof readRegistrationValues>,
  metadata: ReturnType<typeof parseRegistrationMetadata>,
  changes: string,
) {
  switch (outcome.kind) {
    case 'created':
      return outcome.choice.needsCode
        ? otpModal(outcome.record, `${outcome.choice.explanation}${changes}`, metadata.channel)
        : noticeModal(
            'Sender created',
            `:white_check_mark: *${outcome.record.phoneNumber}* was sent to Twilio.\n${outcome.choice.explanation}${changes}\nThe channel message shows its progress.`,
          );
    case 'queued':
      return noticeModal(
        'Registration queued',
        `:hourglass: Twilio asks for several minutes between sender requests in one account, and this account had one moments ago. *${outcome.record.phoneNumber}* is queued: its turn comes at about ${slackTime(outcome.turnAt, deps.senders.clock.now())}.\n${outcome.choice.explanation}${changes}\nThe channel message shows when it is sent${outcome.choice.needsCode ? ', and then its *Enter code* button' : ''}.`,
      );
    case 'checking':
      return noticeModal(
        'Checking with Twilio',
        `:hourglass: Twilio did not confirm the registration of *${outcome.record.phoneNumber}*: its answer was lost. It may have been created all the same, so the bot is checking with Twilio instead of sending it again.\nThe channel message shows the outcome${outcome.choice.needsCode ? ' and then its *Enter code* button' : ''}. Do not register the number again meanwhile.`,
      );
    case 'needs_email':
      return await registrationView(deps, scope, {
        metadata,
        values,
        pathInfo: outcome.choice.explanation,
        notice:
          ':envelope: This is a Twilio number that cannot receive SMS, so the code comes by a call. Enter the *email for the voicemail code*, then press Register again.',
      });
    case 'duplicate':
      return noticeModal('Already registering', `${outcome.record.phoneNumber} is already being registered. Use the buttons on its channel message.`);
    case 'unrecorded':
      return noticeModal(
        'Cannot save right now',
        cannotSave(
          outcome.problem,
          `The outcome for *${outcome.record.phoneNumber}* could not be recorded. Do not register it again: the bot settles it with Twilio once it can save, and its channel message then shows it`,
        ),
      );
    case 'requeued':
      return noticeModal('Registration queued', `*${outcome.record.phoneNumber}* waits in the queue; its channel message shows when it is sent.`);
    case 'failed':
      return noticeModal(
        'Registration failed',
        `:x: The registration of *${outcome.record?.phoneNumber ?? values.phone ?? ''}* failed.\n${describeProblem(outcome.problem, deps.slashCommand)}\nNothing else was changed.`,
      );
  }
}
