import type { AllMiddlewareArgs, BlockAction, ButtonAction, RespondFn, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { unlessCancelled } from '../jobs/work-queue.js';
import { StorageError } from '../store/storage-error.js';
import { cannotSave, NOTHING_CHANGED } from '../views/cannot-save.js';
import { ACTION, CALLBACK, SHORTCUT } from '../views/ids.js';
import { RESTARTING } from '../views/restarting.js';
import { onBulkConfirm, onBulkUpload } from './bulk-submit.js';
import { onBulkUpdateConfirm, onBulkUpdateUpload } from './bulk-update-submit.js';
import { onChangeName, onChangeNameSubmit, onRetryName } from './change-name.js';
import { onCustomerOnboard } from './customer-onboard.js';
import { onCustomerOptions } from './customer-options.js';
import type { Listen, Listener, ViewArgs } from './in-time.js';
import { onListPage } from './list-page.js';
import { onMetaDetails, onMetaRecheck, onMetaSnooze, onMetaTake } from './meta-alert-buttons.js';
import { onMigrate, onMigrateSubmit } from './migrate.js';
import { onMoveNumber, onRegisterBought, onRegisterWhereItIs } from './number-registration.js';
import { onBuyClick, onBuyConfirm, onBuyCustomer } from './numbers-buy.js';
import { onOtpSubmit } from './otp-submit.js';
import { onEditProfile, onProfileSubmit } from './profile-edit.js';
import { onDetectPath } from './registration-detect.js';
import { onRegistrationSubmit } from './registration-submit.js';
import { onAbandon, onDismiss, onEnterCode, onResend, onRetry, onSwitchToVoice } from './sender-buttons.js';
import { onHomeBulk, onHomeOnboard, onHomeRegister, onOnboardSubmit, onRegisterShortcut } from './start-here.js';
import { onAlertDetails, onDelete, onOpenConsole, onRecheck, onSnooze, onTakeAlert } from './watch-buttons.js';

type Acked = { ack: () => Promise<void>; respond: RespondFn };
type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Matches exactly these IDs (all plain words, see views/ids.ts). */
const anyOf = (ids: string[]) => new RegExp(`^(?:${ids.join('|')})$`);

/**
 * One Bolt listener for every modal and one for every button, each dispatching by ID: Bolt runs
 * each registered listener's matching for every request, so fewer listeners make every ack cheaper.
 */
export function registerActions(listen: Listen): void {
  // Buttons acked at once, their work (Twilio, store, answers) queued behind earlier work.
  const afterAck =
    <A extends Acked>(work: (deps: AppDeps, args: A) => Promise<void>): Listener<A> =>
    async (deps, args) => {
      await args.ack();
      const tell = (text: string) => args.respond({ response_type: 'ephemeral', replace_original: false, text });
      const honestly = async () => {
        try {
          await work(deps, args);
        } catch (error) {
          // Nothing of the click was stored (src/store/repositories.ts): the person learns so.
          if (!(error instanceof StorageError)) throw error;
          await tell(cannotSave(error, NOTHING_CHANGED)).catch(() => undefined);
        }
      };
      await deps.work.run(honestly, () => tell(RESTARTING)).catch(unlessCancelled);
    };
  const views: Record<string, Listener<ViewArgs>> = {
    [CALLBACK.register]: onRegistrationSubmit,
    [CALLBACK.otp]: onOtpSubmit,
    [CALLBACK.bulkUpload]: onBulkUpload,
    [CALLBACK.bulkConfirm]: onBulkConfirm,
    [CALLBACK.bulkUpdateUpload]: onBulkUpdateUpload,
    [CALLBACK.bulkUpdateConfirm]: onBulkUpdateConfirm,
    [CALLBACK.changeName]: onChangeNameSubmit,
    [CALLBACK.editProfile]: onProfileSubmit,
    [CALLBACK.buyNumber]: onBuyCustomer,
    [CALLBACK.buyConfirm]: onBuyConfirm,
    [CALLBACK.onboardCustomer]: onOnboardSubmit,
    [CALLBACK.migrate]: onMigrateSubmit,
  };
  const buttons: Record<string, Listener<ButtonArgs>> = {
    [ACTION.enterCode]: onEnterCode,
    [ACTION.changeName]: onChangeName,
    [ACTION.editProfile]: onEditProfile,
    [ACTION.resend]: afterAck(onResend),
    [ACTION.switchToVoice]: afterAck(onSwitchToVoice),
    [ACTION.abandon]: afterAck(onAbandon),
    [ACTION.retry]: afterAck(onRetry),
    [ACTION.retryName]: afterAck(onRetryName),
    [ACTION.dismiss]: afterAck(onDismiss),
    [ACTION.migrate]: onMigrate,
    [ACTION.recheck]: afterAck(onRecheck),
    [ACTION.snooze]: afterAck(onSnooze),
    [ACTION.takeAlert]: afterAck(onTakeAlert),
    [ACTION.alertDetails]: afterAck(onAlertDetails),
    [ACTION.metaTake]: afterAck(onMetaTake),
    [ACTION.metaRecheck]: afterAck(onMetaRecheck),
    [ACTION.metaSnooze]: afterAck(onMetaSnooze),
    [ACTION.metaDetails]: afterAck(onMetaDetails),
    [ACTION.openConsole]: onOpenConsole,
    [ACTION.openWhatsAppManager]: onOpenConsole,
    [ACTION.deleteSender]: afterAck(onDelete),
    [ACTION.customerOnboard]: afterAck(onCustomerOnboard),
    [ACTION.buyNumber]: onBuyClick,
    [ACTION.registerBought]: onRegisterBought,
    [ACTION.moveNumber]: onMoveNumber,
    [ACTION.registerWhereItIs]: onRegisterWhereItIs,
    [ACTION.listPage]: afterAck(onListPage),
    [ACTION.homeRegister]: onHomeRegister,
    [ACTION.homeOnboard]: onHomeOnboard,
    [ACTION.homeBulk]: onHomeBulk,
  };
  listen.view(anyOf(Object.keys(views)), (deps, args) => views[args.view.callback_id]!(deps, args));
  listen.action(anyOf([ACTION.detectPath, ...Object.keys(buttons)]), async (deps, args) => {
    const actionId = args.action.action_id;
    if (actionId === ACTION.detectPath) return await onDetectPath(deps, args);
    await buttons[actionId]!(deps, args as ButtonArgs);
  });
  listen.shortcut(SHORTCUT.register, onRegisterShortcut);
  // The registration form's customer select asks for its options as the person types.
  listen.options({ type: 'block_suggestion', block_id: 'customer', action_id: ACTION.detectPath }, onCustomerOptions);
}
