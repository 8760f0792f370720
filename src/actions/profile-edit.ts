import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../app-deps.js';
import { unlessCancelled } from '../jobs/work-queue.js';
import { problemFrom } from '../senders/outcome.js';
import {
  checkProfileForm,
  currentProfile,
  currentValues,
  type ProfileUpdateResult,
  profileChanges,
  profileUpdateRefusal,
  updateProfile,
} from '../senders/profile/index.js';
import type { SenderRecord } from '../store/schema.js';
import { describeProblem } from '../views/error-guide.js';
import { noticeModal } from '../views/notice-modal.js';
import { changedInForm, NOTHING_TO_CHANGE, parseProfileMetadata, profileLoadingModal, profileModal, profileUpdateReply } from '../views/profile-modal.js';
import { RESTARTING } from '../views/restarting.js';
import { guardSender } from './guard.js';
import { replyTo } from './reply.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Opens the form at once (the trigger lasts 3 s, Twilio may take longer), then fills it from
 * Twilio's current values, or says why it cannot.
 */
export async function openProfileEditor(deps: AppDeps, client: WebClient, triggerId: string, record: SenderRecord, channel: string | undefined): Promise<void> {
  const opened = await client.views.open({ trigger_id: triggerId, view: profileLoadingModal(record) });
  const viewId = opened.view?.id;
  if (!viewId) return;
  const current = await currentProfile(deps.senders, record);
  const view = current.ok
    ? profileModal(record, channel, currentValues(current.wire))
    : noticeModal('Profile not read', `Could not read the sender's profile from Twilio. ${describeProblem(current.problem, deps.slashCommand)}`);
  await client.views.update({ view_id: viewId, view }).catch((e) => deps.logger.warn('could not fill the profile form', { error: (e as Error).message }));
}

/** The Edit profile button on a sender's message. */
export async function onEditProfile(deps: AppDeps, args: ButtonArgs): Promise<void> {
  await args.ack();
  const guarded = await guardSender(deps, args.body.user.id, args.body.channel?.id, args.action.value ?? '', 'change');
  if (!guarded.ok) return replyTo(args, guarded.message);
  const refusal = profileUpdateRefusal(guarded.record);
  if (refusal) return replyTo(args, refusal);
  await openProfileEditor(deps, args.client, args.body.trigger_id, guarded.record, args.body.channel?.id);
}

/** The form: the fields the person changed are checked, then compared with Twilio's values now, and only what differs is sent. */
export async function onProfileSubmit(deps: AppDeps, { ack, view, body, client }: ViewArgs): Promise<void> {
  const { recordId, channel, was } = parseProfileMetadata(view.private_metadata);
  const guarded = await guardSender(deps, body.user.id, channel, recordId ?? '', 'change');
  if (!guarded.ok) return void (await ack({ response_action: 'update', view: noticeModal('Not changed', guarded.message) }));
  const typed = changedInForm(view.state.values, was);
  if (!Object.keys(typed).length) return void (await ack({ response_action: 'update', view: noticeModal('Nothing to change', NOTHING_TO_CHANGE) }));
  const check = checkProfileForm(typed);
  if (!check.ok) return void (await ack({ response_action: 'errors', errors: check.errors as Record<string, string> }));
  await ack({ response_action: 'update', view: noticeModal('Saving the profile', 'Sending the changed fields to Twilio…') });
  const show = (title: string, text: string) =>
    client.views
      .update({ view_id: view.id, view: noticeModal(title, text) })
      .catch((e) => deps.logger.warn('could not update the profile view', { error: (e as Error).message }));
  await deps.work
    .run(
      async () => {
        const current = await currentProfile(deps.senders, guarded.record);
        if (!current.ok) return void (await show('Not changed', describeProblem(current.problem, deps.slashCommand)));
        const changes = profileChanges(current.wire, check.wanted);
        if (!changes.length) return void (await show('Nothing to change', NOTHING_TO_CHANGE));
        const result = await updateProfile(deps.senders, guarded.record, changes, body.user.id).catch(
          (error: unknown): ProfileUpdateResult => ({ ok: false, problem: problemFrom(error) }),
        );
        // The thread's note of the change goes out now, not at the outbox's next round.
        if (result.ok) deps.outbox.kick();
        await show(result.ok ? 'Profile saved' : 'Not saved', profileUpdateReply(result, deps.slashCommand));
      },
      () => show('Not changed', RESTARTING),
    )
    .catch(unlessCancelled);
}
