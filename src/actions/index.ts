import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  RespondFn,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { unlessCancelled } from '../jobs/work-queue.js';
import { StorageError } from '../store/storage-error.js';
import { cannotSave, NOTHING_CHANGED } from '../views/cannot-save.js';
import { ACTION, CALLBACK } from '../views/ids.js';
import { RESTARTING } from '../views/restarting.js';
import { onBulkConfirm, onBulkUpload } from './bulk-submit.js';
import { onChangeName, onChangeNameSubmit, onRetryName } from './change-name.js';
import { onCustomerOnboard } from './customer-onboard.js';
import { onCustomerOptions } from './customer-options.js';
import { onMoveNumber, onRegisterBought, onRegisterWhereItIs } from './number-registration.js';
import { onBuyClick, onBuyConfirm, onBuyCustomer } from './numbers-buy.js';
import { onOtpSubmit } from './otp-submit.js';
import { onDetectPath } from './registration-detect.js';
import { onRegistrationSubmit } from './registration-submit.js';
import { onAbandon, onDismiss, onEnterCode, onResend, onRetry, onSwitchToVoice } from './sender-buttons.js';
import { onDelete, onOpenConsole, onRecheck, onSnooze, onTakeAlert } from './watch-buttons.js';

type Acked = { ack: () => Promise<void>; respond: RespondFn };
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Matches exactly these IDs (all plain words, see views/ids.ts). */
const anyOf = (ids: string[]) => new RegExp(`^(?:${ids.join('|')})$`);

/**
 * One Bolt listener for every modal and one for every button, each dispatching by ID: Bolt runs
 * each registered listener's matching for every request, so fewer listeners make every ack cheaper.
 */
export function registerActions(app: App, deps: AppDeps): void {
  // Buttons acked at once, their work (Twilio, store, answers) queued behind earlier work.
  const afterAck =
    <A extends Acked>(work: (deps: AppDeps, args: A) => Promise<void>) =>
    async (args: A) => {
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
  const views: Record<string, (args: ViewArgs) => Promise<void>> = {
    [CALLBACK.register]: (args) => onRegistrationSubmit(deps, args),
    [CALLBACK.otp]: (args) => onOtpSubmit(deps, args),
    [CALLBACK.bulkUpload]: (args) => onBulkUpload(deps, args),
    [CALLBACK.bulkConfirm]: (args) => onBulkConfirm(deps, args),
    [CALLBACK.changeName]: (args) => onChangeNameSubmit(deps, args),
    [CALLBACK.buyNumber]: (args) => onBuyCustomer(deps, args),
    [CALLBACK.buyConfirm]: (args) => onBuyConfirm(deps, args),
  };
  const buttons: Record<string, (args: ButtonArgs) => Promise<void>> = {
    [ACTION.enterCode]: (args) => onEnterCode(deps, args),
    [ACTION.changeName]: (args) => onChangeName(deps, args),
    [ACTION.resend]: afterAck(onResend),
    [ACTION.switchToVoice]: afterAck(onSwitchToVoice),
    [ACTION.abandon]: afterAck(onAbandon),
    [ACTION.retry]: afterAck(onRetry),
    [ACTION.retryName]: afterAck(onRetryName),
    [ACTION.dismiss]: afterAck(onDismiss),
    [ACTION.recheck]: afterAck(onRecheck),
    [ACTION.snooze]: afterAck(onSnooze),
    [ACTION.takeAlert]: afterAck(onTakeAlert),
    [ACTION.openConsole]: (args) => onOpenConsole(deps, args),
    [ACTION.deleteSender]: afterAck(onDelete),
    [ACTION.customerOnboard]: afterAck(onCustomerOnboard),
    [ACTION.buyNumber]: (args) => onBuyClick(deps, args),
    [ACTION.registerBought]: (args) => onRegisterBought(deps, args),
    [ACTION.moveNumber]: (args) => onMoveNumber(deps, args),
    [ACTION.registerWhereItIs]: (args) => onRegisterWhereItIs(deps, args),
  };
  app.view<ViewSubmitAction>(anyOf(Object.keys(views)), (args) => views[args.view.callback_id]!(args));
  app.action<BlockAction>(anyOf([ACTION.detectPath, ...Object.keys(buttons)]), async (args) => {
    const actionId = args.action.action_id;
    if (actionId === ACTION.detectPath) return await onDetectPath(deps, args);
    await buttons[actionId]!(args as ButtonArgs);
  });
  // The registration form's customer select asks for its options as the person types.
  app.options<'block_suggestion'>({ type: 'block_suggestion', block_id: 'customer', action_id: ACTION.detectPath }, (args) => onCustomerOptions(deps, args));
}
