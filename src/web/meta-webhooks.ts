import type { AppDeps } from '../app-deps.js';
import { newMetaEvents } from '../senders/meta/meta-events.js';
import { metaWebhookRoutes } from './meta-webhook-routes.js';
import type { WebRoute } from './routes.js';

/**
 * Meta's webhooks for the bot: each event is stored as seen (the store's once-guard, shared by
 * replicas) before Meta gets its 200; then, after the answer, the senders it names are looked at
 * again through the watcher. Should the process stop in between, the poll is the safety net.
 */
export function metaWebhooks(deps: AppDeps): WebRoute[] {
  const settings = deps.onboarding.settings;
  return metaWebhookRoutes({
    verifyToken: settings.webhookVerifyToken,
    appSecret: settings.appSecret,
    logger: deps.logger,
    accept: async (events) => {
      const fresh = await newMetaEvents(deps.senders, events);
      const watcher = deps.metaWatch;
      if (fresh.length === 0 || !watcher) return;
      void deps.work
        .run(() => watcher.handle(fresh))
        .catch((error: unknown) => {
          deps.logger.warn("could not act on Meta's webhook; the next poll looks at it", { error: (error as Error).message });
        });
    },
  });
}
