import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { showSenderMessage } from '../jobs/sender-message.js';
import { unlessCancelled } from '../jobs/work-queue.js';
import { changeDisplayName, cleanName, nameChangeRefusal, retryNameChange } from '../senders/display-name/change-name.js';
import { entryValues } from '../senders/profile/labels.js';
import { checkDisplayName } from '../senders/registration/display-name.js';
import { NAME_FIELD, nameChangeModal, nameChangeReply, nameWarningsText, parseNameChangeMetadata } from '../views/name-change.js';
import { noticeModal } from '../views/notice-modal.js';
import { RESTARTING } from '../views/restarting.js';
import { guardSender } from './guard.js';
import { replyTo } from './reply.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The Change display name button: opens the form while its trigger is fresh. */
export async function onChangeName(deps: AppDeps, args: ButtonArgs): Promise<void> {
  await args.ack();
  const guarded = await guardSender(deps, args.body.user.id, args.body.channel?.id, args.action.value ?? '', 'change');
  if (!guarded.ok) return replyTo(args, guarded.message);
  const refusal = nameChangeRefusal(guarded.record);
  if (refusal) return replyTo(args, refusal);
  await args.client.views.open({ trigger_id: args.body.trigger_id, view: nameChangeModal(guarded.record, args.body.channel?.id) });
}

/** The form's new name: errors block with the fix, warnings are shown once, then Twilio is asked. */
export async function onChangeNameSubmit(deps: AppDeps, { ack, view, body, client }: ViewArgs): Promise<void> {
  const { recordId, channel, warnedFor } = parseNameChangeMetadata(view.private_metadata);
  const guarded = await guardSender(deps, body.user.id, channel, recordId ?? '', 'change');
  if (!guarded.ok) return void (await ack({ response_action: 'errors', errors: { [NAME_FIELD]: guarded.message } }));
  const record = guarded.record;
  const name = cleanName((view.state.values[NAME_FIELD]?.value?.value as string | undefined) ?? '');
  const check = checkDisplayName(name, entryValues(record.profile.websites));
  if (check.errors.length) return void (await ack({ response_action: 'errors', errors: { [NAME_FIELD]: check.errors.join(' ').slice(0, 1000) } }));
  if (check.warnings.length && warnedFor !== name) {
    const notice = `:warning: ${nameWarningsText(check.warnings)}`;
    return void (await ack({ response_action: 'update', view: nameChangeModal(record, channel, { notice, typed: name, warnedFor: name }) }));
  }
  await ack({ response_action: 'update', view: noticeModal('Changing the name', 'Sending the new name to Twilio…') });
  const tellRestarting = () => client.views.update({ view_id: view.id, view: noticeModal('Not sent', RESTARTING) });
  await deps.work
    .run(async () => {
      const result = await changeDisplayName(deps.senders, record.id, name, body.user.id);
      const reply = nameChangeReply(result, deps.senders.clock.now(), deps.slashCommand);
      await client.views
        .update({ view_id: view.id, view: noticeModal(result.ok ? 'Name sent' : 'Name not changed', reply) })
        .catch((e) => deps.logger.warn('could not update the name view', { error: (e as Error).message }));
      if (result.ok) await showSenderMessage(deps.senders, deps.outbox, result.record, `Display name change to “${result.name}” asked by <@${body.user.id}>.`);
    }, tellRestarting)
    .catch(unlessCancelled);
}

/** Retry on a name Meta approved but that was not applied: the same name again (runs after its ack, queued). */
export async function onRetryName(deps: AppDeps, args: ButtonArgs): Promise<void> {
  const guarded = await guardSender(deps, args.body.user.id, args.body.channel?.id, args.action.value ?? '', 'change');
  if (!guarded.ok) return replyTo(args, guarded.message);
  const result = await retryNameChange(deps.senders, guarded.record.id, args.body.user.id);
  if (result.ok) await showSenderMessage(deps.senders, deps.outbox, result.record, `Display name “${result.name}” sent again by <@${args.body.user.id}>.`);
  await replyTo(args, nameChangeReply(result, deps.senders.clock.now(), deps.slashCommand));
}
