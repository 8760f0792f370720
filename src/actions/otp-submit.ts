import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { TIMED_OUT, withinDeadline } from '../concurrency.js';
import { showSenderMessage } from '../jobs/sender-message.js';
import type { ActionResult } from '../senders/codes/code-action.js';
import { CODE_FORMAT_ERROR, cleanCode, submitCode } from '../senders/codes/submit.js';
import { describeProblem, describeRejectedCode } from '../views/error-guide.js';
import { noticeModal } from '../views/notice-modal.js';
import { otpModal, parseOtpMetadata } from '../views/otp-modal.js';
import { guardSender } from './guard.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * What is left of the request's time (ACK_DEADLINE_MS) after the checks before it (the
 * user-group look-up may take a while) goes to Twilio, less this for storing the outcome and
 * answering; past it, the modal shows a progress view and the outcome is stored after the ack.
 */
const ANSWER_MARGIN_MS = 200;

const accepted = (result: Extract<ActionResult, { ok: true }>) =>
  noticeModal(
    'Code accepted',
    `:white_check_mark: Twilio took the code for *${result.record.phoneNumber}*. Meta now finishes the verification; the channel message shows when the sender is online.`,
  );

export async function onOtpSubmit(deps: AppDeps, { ack, view, body, client }: Args): Promise<void> {
  const { recordId, channel } = parseOtpMetadata(view.private_metadata);
  const typed = (view.state.values.code?.value?.value as string | undefined) ?? '';
  if (!recordId) {
    await ack({
      response_action: 'errors',
      errors: { code: 'This form lost track of its registration. Close it and press Enter code on the channel message.' },
    });
    return;
  }
  const guarded = await guardSender(deps, body.user.id, channel, recordId, 'change');
  if (!guarded.ok) {
    await ack({ response_action: 'errors', errors: { code: guarded.message } });
    return;
  }
  if (!cleanCode(typed)) {
    await ack({ response_action: 'errors', errors: { code: CODE_FORMAT_ERROR } });
    return;
  }
  const work = submitCode(deps.senders, recordId, typed, body.user.id);
  const left = deps.ackDeadline?.remainingMs() ?? Number.POSITIVE_INFINITY;
  const quick = await withinDeadline(work, Math.max(0, Math.min(left, 2_000) - ANSWER_MARGIN_MS));
  if (quick !== TIMED_OUT) {
    if (quick.ok) await ack({ response_action: 'update', view: accepted(quick) });
    else await ack({ response_action: 'errors', errors: { code: describeRejectedCode(quick.problem, deps.slashCommand).slice(0, 1000) } });
    if (quick.record) await showSenderMessage(deps.senders, deps.outbox, quick.record);
    return;
  }
  // Twilio is slow: answer Slack now, show the result in the same view when it comes.
  await ack({ response_action: 'update', view: noticeModal('Checking the code', 'Twilio is checking the code…') });
  const result = await work;
  const next = result.ok
    ? accepted(result)
    : result.record
      ? otpModal(result.record, `:x: ${describeProblem(result.problem, deps.slashCommand)}`, channel)
      : noticeModal('Code not sent', describeProblem(result.problem, deps.slashCommand));
  await client.views.update({ view_id: view.id, view: next }).catch((e) => deps.logger.warn('could not update the code view', { error: (e as Error).message }));
  if (result.record) await showSenderMessage(deps.senders, deps.outbox, result.record);
}
