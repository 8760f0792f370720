import { randomBytes } from 'node:crypto';
import { Server } from 'node:http';
import type { App } from '@slack/bolt';
import { createAccess, type AccessSettings } from './access.js';
import { createApp, type SlackOptions } from './app.js';
import type { AppDeps } from './app-deps.js';
import { systemClock, type Clock } from './clock.js';
import { CreateRunner } from './jobs/create-runner.js';
import { OutboxDelivery, type OutboxOptions } from './jobs/outbox.js';
import { StatusPoller } from './jobs/poller.js';
import { FrontDoor } from './jobs/front-door.js';
import { WorkQueue } from './jobs/work-queue.js';
import type { Logger } from './logger.js';
import type { SendersContext, SendersSettings } from './senders/context.js';
import { resumePending } from './senders/resume.js';
import type { WatchSettings } from './senders/watch-schedule.js';
import { openStore, type Store } from './store/db.js';
import { createFileDownloader } from './slack-files.js';
import { createGateway, type TwilioGateway } from './twilio/gateway.js';
import { createTransport } from './twilio/transport.js';

export interface BotOptions {
  slack: SlackOptions;
  twilio: { accountSid: string; username: string; password: string; baseUrl?: string; baseDelayMs?: number };
  dataFile: string;
  slashCommand: string;
  settings: SendersSettings;
  watch: WatchSettings;
  access?: AccessSettings;
  alertChannel?: string;
  /** The poller's cron schedule; without one the poller runs only when called (tests). */
  pollCron?: string;
  /** Serve the create queue on a timer; off in tests, which run its rounds themselves. */
  runCreateQueue?: boolean;
  outbox?: OutboxOptions;
  logger: Logger;
  clock?: Clock;
}

export interface Bot {
  app: App;
  store: Store;
  twilio: TwilioGateway;
  senders: SendersContext;
  poller: StatusPoller;
  runner: CreateRunner;
  outbox: OutboxDelivery;
  /** Starts listening; resolves once Slack requests are taken. Returns the HTTP server in HTTP mode. */
  start(): Promise<unknown>;
  stop(): Promise<void>;
}

export const newId = () => randomBytes(6).toString('hex');

/** Listeners' follow-up work running at once; more waits its turn (see WorkQueue). */
const LISTENER_LANES = 8;
/** Follow-up work starts once no Slack request has been open for this long... */
const QUIET_MS = 10;
/** ...or once it has waited this long, however busy Slack keeps the bot. */
const MAX_DEFER_MS = 1000;

/** Wires the store, the Twilio gateway and the Slack app together. */
export async function createBot(options: BotOptions): Promise<Bot> {
  const store = await openStore(options.dataFile);
  const twilio = createGateway(
    createTransport({ ...options.twilio, baseDelayMs: options.twilio.baseDelayMs }),
    options.twilio.accountSid,
  );
  const senders: SendersContext = { store, twilio, clock: options.clock ?? systemClock, logger: options.logger, settings: options.settings, newId };
  const frontDoor = new FrontDoor(QUIET_MS);
  // The listeners need the poller, and the poller needs the app's Slack client: the poller is
  // put into the listeners' deps once the app exists, before any request can arrive.
  const deps = {
    senders,
    logger: options.logger,
    slashCommand: options.slashCommand,
    watchSettings: options.watch,
    downloadFile: createFileDownloader(options.slack.botToken, options.slack.apiUrl),
    work: new WorkQueue(LISTENER_LANES, frontDoor, MAX_DEFER_MS),
  } as AppDeps;
  const app = createApp(deps, options.slack);
  const outbox = new OutboxDelivery(senders, app.client, options.logger, { command: options.slashCommand, ...options.outbox });
  const poller = new StatusPoller(senders, options.watch, outbox, options.alertChannel);
  const runner = new CreateRunner(senders, outbox);
  deps.poller = poller;
  deps.runner = runner;
  deps.access = createAccess(options.access ?? { allowedUsers: [], readOnlyOpen: true }, app.client, senders.clock, options.logger);
  if (!deps.access.restricted) options.logger.warn('ALLOWED_USERS and ALLOWED_USERGROUP are not set: everyone in the workspace can register, delete and manage customers');
  return {
    app,
    store,
    twilio,
    senders,
    poller,
    runner,
    outbox,
    async start() {
      const server = await app.start(options.slack.port);
      if (server instanceof Server) frontDoor.watch(server);
      const { resumed, restored } = await resumePending(senders);
      if (resumed || restored) options.logger.info('resumed pending work', { resumed, restored });
      outbox.kick();
      if (options.pollCron) poller.start(options.pollCron);
      if (options.runCreateQueue) runner.start();
      return server;
    },
    async stop() {
      await runner.stop();
      await poller.stop();
      await outbox.stop();
      await app.stop();
      await deps.work.idle();
      await store.write();
    },
  };
}
