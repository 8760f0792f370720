import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { showSenderMessage } from '../jobs/sender-message.js';
import { abandonRegistration } from '../senders/codes/abandon.js';
import type { ActionResult } from '../senders/codes/code-action.js';
import { resendCode } from '../senders/codes/resend.js';
import { needsMigration } from '../senders/registration/migration.js';
import { dismissRegistration, retryRegistration } from '../senders/registration/retry.js';
import { StorageError } from '../store/storage-error.js';
import { describeProblem } from '../views/error-guide.js';
import { otpModal } from '../views/otp-modal.js';
import { guardSender } from './guard.js';
import { replyTo } from './reply.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

async function finish(deps: AppDeps, args: Args, result: ActionResult) {
  await replyTo(args, result.ok ? `:white_check_mark: ${result.note ?? 'Done.'}` : describeProblem(result.problem, deps.slashCommand));
  await showAfterAction(deps, result);
}

/** After a person's action, the sender's channel message shows the record as it now is. */
export async function showAfterAction(deps: AppDeps, result: ActionResult): Promise<void> {
  if (!result.record) return;
  try {
    await showSenderMessage(deps.senders, deps.outbox, result.record, result.ok ? result.note : undefined);
  } catch (error) {
    // The person has their answer; the channel message catches up with the record's next stored change.
    if (!(error instanceof StorageError)) throw error;
    deps.logger.warn('could not queue the update of a sender message', { id: result.record.id, error: error.message });
  }
}

const guard = (deps: AppDeps, args: Args) => guardSender(deps, args.body.user.id, args.body.channel?.id, args.action.value ?? '', 'change');

export async function onEnterCode(deps: AppDeps, args: Args): Promise<void> {
  await args.ack();
  const guarded = await guard(deps, args);
  if (!guarded.ok) return replyTo(args, guarded.message);
  const { record } = guarded;
  if (record.state !== 'awaiting_code') return replyTo(args, `No code is needed now: ${record.phoneNumber} is ${record.status ?? record.state}.`);
  await args.client.views.open({ trigger_id: args.body.trigger_id, view: otpModal(record, undefined, args.body.channel?.id) });
}

// Resend, Switch to voice and Abandon run after their ack, queued (see actions/index.ts).
export async function onResend(deps: AppDeps, args: Args): Promise<void> {
  const guarded = await guard(deps, args);
  if (!guarded.ok) return replyTo(args, guarded.message);
  await finish(deps, args, await resendCode(deps.senders, guarded.record.id, args.body.user.id));
}

export async function onSwitchToVoice(deps: AppDeps, args: Args): Promise<void> {
  const guarded = await guard(deps, args);
  if (!guarded.ok) return replyTo(args, guarded.message);
  await finish(deps, args, await resendCode(deps.senders, guarded.record.id, args.body.user.id, 'voice'));
}

export async function onAbandon(deps: AppDeps, args: Args): Promise<void> {
  const guarded = await guard(deps, args);
  if (!guarded.ok) return replyTo(args, guarded.message);
  await finish(deps, args, await abandonRegistration(deps.senders, guarded.record.id, args.body.user.id));
}

export async function onRetry(deps: AppDeps, args: Args): Promise<void> {
  const guarded = await guard(deps, args);
  if (!guarded.ok) return replyTo(args, guarded.message);
  if (needsMigration(guarded.record))
    return replyTo(args, 'This number is on WhatsApp already (63110): press *Migrate* and confirm its checklist, which sends the registration again.');
  const result = await retryRegistration(deps.senders, guarded.record.id, args.body.user.id);
  if (result.ok) void deps.runner.tick().catch(() => undefined);
  await finish(deps, args, result);
}

export async function onDismiss(deps: AppDeps, args: Args): Promise<void> {
  const guarded = await guard(deps, args);
  if (!guarded.ok) return replyTo(args, guarded.message);
  await finish(deps, args, await dismissRegistration(deps.senders, guarded.record.id, args.body.user.id));
}
