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

type Acked = { ack: () => Promise<void> };

export function registerActions(app: App, deps: AppDeps): void {
  // Buttons acked at once, their work (Twilio, store, answers) queued behind earlier work.
  const afterAck =
    <A extends Acked>(work: (deps: AppDeps, args: A) => Promise<void>) =>
    async (args: A) => {
      await args.ack();
      await deps.work.run(() => work(deps, args));
    };
  app.view<ViewSubmitAction>(CALLBACK.register, (args) => onRegistrationSubmit(deps, args));
  app.view<ViewSubmitAction>(CALLBACK.otp, (args) => onOtpSubmit(deps, args));
  app.view<ViewSubmitAction>(CALLBACK.bulkUpload, (args) => onBulkUpload(deps, args));
  app.view<ViewSubmitAction>(CALLBACK.bulkConfirm, (args) => onBulkConfirm(deps, args));
  app.action<BlockAction>(ACTION.detectPath, (args) => onDetectPath(deps, args));
  app.action<BlockAction<ButtonAction>>(ACTION.enterCode, (args) => onEnterCode(deps, args));
  app.action<BlockAction<ButtonAction>>(ACTION.resend, afterAck(onResend));
  app.action<BlockAction<ButtonAction>>(ACTION.switchToVoice, afterAck(onSwitchToVoice));
  app.action<BlockAction<ButtonAction>>(ACTION.abandon, afterAck(onAbandon));
  app.action<BlockAction<ButtonAction>>(ACTION.recheck, afterAck(onRecheck));
  app.action<BlockAction<ButtonAction>>(ACTION.snooze, afterAck(onSnooze));
  app.action<BlockAction<ButtonAction>>(ACTION.openConsole, (args) => onOpenConsole(deps, args));
  app.action<BlockAction<ButtonAction>>(ACTION.deleteSender, afterAck(onDelete));
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const { store, clock } = deps.senders;
    const view = (await deps.access.mayRead(event.user)) ? homeView(store.data.senders, store.data.poller, clock.now(), deps.watchSettings) : refusedHomeView();
    await client.views.publish({ user_id: event.user, view });
  });
}
