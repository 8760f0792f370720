import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { homeView, refusedHomeView } from '../views/home.js';
import { ACTION, CALLBACK } from '../views/ids.js';
import { onBulkConfirm, onBulkUpload } from './bulk-submit.js';
import { onOtpSubmit } from './otp-submit.js';
import { onDetectPath } from './registration-detect.js';
import { onRegistrationSubmit } from './registration-submit.js';
import { onAbandon, onEnterCode, onResend, onSwitchToVoice } from './sender-buttons.js';
import { onDelete, onOpenConsole, onRecheck, onSnooze } from './watch-buttons.js';

export function registerActions(app: App, deps: AppDeps): void {
  app.view<ViewSubmitAction>(CALLBACK.register, (args) => onRegistrationSubmit(deps, args));
  app.view<ViewSubmitAction>(CALLBACK.otp, (args) => onOtpSubmit(deps, args));
  app.view<ViewSubmitAction>(CALLBACK.bulkUpload, (args) => onBulkUpload(deps, args));
  app.view<ViewSubmitAction>(CALLBACK.bulkConfirm, (args) => onBulkConfirm(deps, args));
  app.action<BlockAction>(ACTION.detectPath, (args) => onDetectPath(deps, args));
  app.action<BlockAction<ButtonAction>>(ACTION.enterCode, (args) => onEnterCode(deps, args));
  app.action<BlockAction<ButtonAction>>(ACTION.resend, (args) => onResend(deps, args));
  app.action<BlockAction<ButtonAction>>(ACTION.switchToVoice, (args) => onSwitchToVoice(deps, args));
  app.action<BlockAction<ButtonAction>>(ACTION.abandon, (args) => onAbandon(deps, args));
  app.action<BlockAction<ButtonAction>>(ACTION.recheck, (args) => onRecheck(deps, args));
  app.action<BlockAction<ButtonAction>>(ACTION.snooze, (args) => onSnooze(deps, args));
  app.action<BlockAction<ButtonAction>>(ACTION.openConsole, (args) => onOpenConsole(deps, args));
  app.action<BlockAction<ButtonAction>>(ACTION.deleteSender, (args) => onDelete(deps, args));
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const { store, clock } = deps.senders;
    const view = (await deps.access.mayRead(event.user)) ? homeView(store.data.senders, store.data.poller, clock.now(), deps.watchSettings) : refusedHomeView();
    await client.views.publish({ user_id: event.user, view });
  });
}
