import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../app-deps.js';
import { homeView, MAX_LISTED, refusedHomeView } from '../views/home.js';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/** The Home tab: what needs a person, for those who may read; why not, for the others. */
export async function onAppHomeOpened(deps: AppDeps, { event, client }: Args): Promise<void> {
  if (event.tab !== 'home') return;
  const { store, clock } = deps.senders;
  const refusal = await deps.access.refusal(event.user, 'read');
  const now = clock.now();
  const view = refusal
    ? refusedHomeView(refusal)
    : homeView(
        await store.senders.home(now, deps.watchSettings.stuckOfflineMs, MAX_LISTED),
        await store.poller.get(),
        now,
        deps.watchSettings,
        deps.slashCommand,
      );
  await client.views.publish({ user_id: event.user, view });
}
