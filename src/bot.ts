import { randomBytes } from 'node:crypto';
import type { App } from '@slack/bolt';
import { createApp, type SlackOptions } from './app.js';
import type { AppDeps } from './app-deps.js';
import { systemClock, type Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { SendersContext, SendersSettings } from './senders/context.js';
import { resumePending } from './senders/resume.js';
import { openStore, type Store } from './store/db.js';
import { createGateway, type TwilioGateway } from './twilio/gateway.js';
import { createTransport } from './twilio/transport.js';

export interface BotOptions {
  slack: SlackOptions;
  twilio: { accountSid: string; username: string; password: string; baseUrl?: string; baseDelayMs?: number };
  dataFile: string;
  slashCommand: string;
  settings: SendersSettings;
  logger: Logger;
  clock?: Clock;
}

export interface Bot {
  app: App;
  store: Store;
  twilio: TwilioGateway;
  senders: SendersContext;
  /** Starts listening; resolves once Slack requests are taken. Returns the HTTP server in HTTP mode. */
  start(): Promise<unknown>;
  stop(): Promise<void>;
}

export const newId = () => randomBytes(6).toString('hex');

/** Wires the store, the Twilio gateway and the Slack app together. */
export async function createBot(options: BotOptions): Promise<Bot> {
  const store = await openStore(options.dataFile);
  const twilio = createGateway(
    createTransport({ ...options.twilio, baseDelayMs: options.twilio.baseDelayMs }),
    options.twilio.accountSid,
  );
  const senders: SendersContext = { store, twilio, clock: options.clock ?? systemClock, logger: options.logger, settings: options.settings, newId };
  const deps: AppDeps = { senders, logger: options.logger, slashCommand: options.slashCommand };
  const app = createApp(deps, options.slack);
  return {
    app,
    store,
    twilio,
    senders,
    async start() {
      const server = await app.start(options.slack.port);
      const { resumed, restored } = await resumePending(senders);
      if (resumed || restored) options.logger.info('resumed pending work', { resumed, restored });
      return server;
    },
    async stop() {
      await app.stop();
      await store.write();
    },
  };
}
