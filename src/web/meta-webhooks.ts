import type { AppDeps } from '../app-deps.js';
import { newMetaEvents } from '../senders/meta/meta-events.js';
import { metaWebhookRoutes } from './meta-webhook-routes.js';
import type { WebRoute } from './routes.js';

/**
 * Meta's webhooks for the bot: each event is stored as seen (the store's once-guard, shared by
 * replicas) with the name verdict it carries before Meta gets its 200; then, after the answer,
 * the senders it names are looked at again through the watcher. Should the process stop in
 * between, the poll is the safety net.
 */
export function metaWebhooks(deps: AppDeps): WebRoute[] {
  const settings = deps.onboarding.settings;
  return metaWebhookRoutes({
    verifyToken: settings.webhookVerifyToken,
    appSecret: settings.appSecret,
    logger: deps.logger,
    accept: async (events) => {
      deps.metaWatch?.take(await newMetaEvents(deps.senders, events));
    },
  });
}
