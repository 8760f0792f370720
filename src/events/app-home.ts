import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { HomeView } from '@slack/types';
import type { AppDeps } from '../app-deps.js';
import { customerNames } from '../senders/customers/customers.js';
import { homeView, MAX_LISTED, refusedHomeView } from '../views/home.js';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/** The Home tab: what needs a person, for those who may read; why not, for the others. */
export async function onAppHomeOpened(deps: AppDeps, { event, client }: Args): Promise<void> {
  if (event.tab !== 'home') return;
  const refusal = await deps.access.refusal(event.user, 'read');
  await client.views.publish({ user_id: event.user, view: refusal ? refusedHomeView(refusal) : await readableHome(deps) });
}

async function readableHome(deps: AppDeps): Promise<HomeView> {
  const { store, clock } = deps.senders;
  const now = clock.now();
  const nameOf = await customerNames(deps.senders);
  const metaIncidents = (await store.customers.list()).flatMap((customer) =>
    (customer.meta?.incidents ?? []).filter((incident) => !incident.recoveredAt).map((incident) => ({ customer: customer.name, incident })),
  );
  return homeView(
    await store.senders.home(now, deps.watchSettings.stuckOfflineMs, MAX_LISTED),
    await store.poller.get(),
    now,
    deps.watchSettings,
    deps.slashCommand,
    (r) => nameOf(r.accountSid),
    metaIncidents,
  );
}
