import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import type { ActionResult } from '../senders/codes/code-action.js';
import { confirmMigration, needsMigration, unconfirmed } from '../senders/registration/migration.js';
import { StorageError } from '../store/storage-error.js';
import { cannotSave, NOTHING_CHANGED } from '../views/cannot-save.js';
import { describeProblem } from '../views/error-guide.js';
import { MIGRATION_CHECKLIST_BLOCK, migrateModal, readMigrationChecks } from '../views/migrate-modal.js';
import { noticeModal } from '../views/notice-modal.js';
import { parseOtpMetadata } from '../views/otp-modal.js';
import type { StateValues } from '../views/state-values.js';
import { guardSender } from './guard.js';
import { replyTo } from './reply.js';
import { showAfterAction } from './sender-buttons.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** Migrate on a registration that failed with 63110: the checklist to confirm before it is sent again. */
export async function onMigrate(deps: AppDeps, args: ButtonArgs): Promise<void> {
  await args.ack();
  const guarded = await guardSender(deps, args.body.user.id, args.body.channel?.id, args.action.value ?? '', 'change');
  if (!guarded.ok) return replyTo(args, guarded.message);
  if (!needsMigration(guarded.record))
    return replyTo(
      args,
      `Migrate applies to a registration that failed with error 63110; ${guarded.record.phoneNumber} is ${guarded.record.status ?? guarded.record.state}.`,
    );
  await args.client.views.open({ trigger_id: args.body.trigger_id, view: migrateModal(guarded.record, args.body.channel?.id) });
}

/** The checklist confirmed: every item ticked, or the modal says which are not; then the retry. */
export async function onMigrateSubmit(deps: AppDeps, { ack, view, body }: ViewArgs): Promise<void> {
  const { recordId, channel } = parseOtpMetadata(view.private_metadata);
  const checks = readMigrationChecks(view.state.values as StateValues);
  const missing = unconfirmed(checks);
  if (missing.length) {
    await ack({
      response_action: 'errors',
      errors: { [MIGRATION_CHECKLIST_BLOCK]: `Tick every item; still open: ${missing.map((m) => m.text).join('; ')}`.slice(0, 1000) },
    });
    return;
  }
  const guarded = recordId
    ? await guardSender(deps, body.user.id, channel, recordId, 'change')
    : { ok: false as const, message: 'This form lost track of its registration.' };
  if (!guarded.ok) {
    await ack({ response_action: 'errors', errors: { [MIGRATION_CHECKLIST_BLOCK]: guarded.message } });
    return;
  }
  let result: ActionResult;
  try {
    result = await confirmMigration(deps.senders, guarded.record.id, body.user.id, checks);
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    await ack({ response_action: 'update', view: noticeModal('Migrate the number', cannotSave(error, NOTHING_CHANGED)) });
    return;
  }
  const text = result.ok ? `:white_check_mark: ${result.note ?? 'Sent again.'}` : describeProblem(result.problem, deps.slashCommand);
  await ack({ response_action: 'update', view: noticeModal('Migrate the number', text) });
  if (result.ok) void deps.runner.tick().catch(() => undefined);
  await showAfterAction(deps, result);
}
