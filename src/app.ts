import { App } from '@slack/bolt';
import { listenInTime } from './actions/in-time.js';
import { registerActions } from './actions/index.js';
import type { AppDeps } from './app-deps.js';
import { registerCommands } from './commands/index.js';
import { registerEvents } from './events/index.js';
import type { ObserveCall } from './metrics/call-outcome.js';
import { authorizeBotToken, listenerClientOptions, slackLogger } from './slack/clients.js';
import { metaWebhooks } from './web/meta-webhooks.js';
import { onboardingRoutes } from './web/onboard-routes.js';
import type { WebRoute } from './web/routes.js';
import { voiceCallRoutes } from './web/voice-routes.js';

export interface SlackOptions {
  botToken: string;
  apiUrl: string;
  mode: 'socket' | 'http';
  appToken?: string;
  signingSecret?: string;
  port: number;
}

export interface AppServing {
  /** Pages served on PORT beside Slack's endpoints (/healthz, /metrics, …). */
  routes: WebRoute[];
  /** Told how each Slack call of the listeners ended. */
  observeSlack?: ObserveCall;
  /** How long after a request came its work before the ack may take (ACK_DEADLINE_MS). */
  ackDeadlineMs: number;
}

/** The Bolt app with every listener registered; Socket Mode or HTTP from the settings. */
export function createApp(deps: AppDeps, slack: SlackOptions, serving: AppServing): App {
  const common = {
    authorize: authorizeBotToken(slack.botToken, slack.apiUrl, serving.observeSlack),
    logger: slackLogger(deps.logger),
    clientOptions: listenerClientOptions(slack.apiUrl, serving.observeSlack),
    // The bot keeps its state in its own store; Bolt's per-conversation store would be a lookup on every request for nothing.
    convoStore: false as const,
    customRoutes: [...serving.routes, ...onboardingRoutes(deps), ...voiceCallRoutes(deps), ...metaWebhooks(deps)],
  };
  const app =
    slack.mode === 'socket'
      ? new App({ ...common, socketMode: true, appToken: slack.appToken, port: slack.port })
      : new App({ ...common, signingSecret: slack.signingSecret, port: slack.port });
  // Every listener answers in time, whatever the store does (see answerInTime).
  const listen = listenInTime(app, deps, serving.ackDeadlineMs);
  registerCommands(listen, deps.slashCommand);
  registerActions(listen);
  registerEvents(listen);
  app.error(async (error) => {
    deps.logger.error('unhandled error in a listener', { error: error.message });
  });
  return app;
}
