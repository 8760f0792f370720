import { randomBytes } from 'node:crypto';
import { Server } from 'node:http';
import { hostname } from 'node:os';
import type { App } from '@slack/bolt';
import { type AccessSettings, createAccess } from './access.js';
import { createApp, type SlackOptions } from './app.js';
import type { AppDeps } from './app-deps.js';
import { type Clock, systemClock } from './clock.js';
import { TIMED_OUT, withinDeadline } from './concurrency.js';
import { Activity } from './jobs/activity.js';
import { CreateRunner } from './jobs/create-runner.js';
import { FrontDoor } from './jobs/front-door.js';
import { leasesFor, sessionLeasesFor } from './jobs/lease.js';
import { metaAccessPassOnce } from './jobs/meta-access-at-start.js';
import { MetaWatcher } from './jobs/meta-watch.js';
import { OutboxDelivery, type OutboxOptions } from './jobs/outbox.js';
import { StatusPoller } from './jobs/poller.js';
import { alertOnStorageTrouble } from './jobs/storage-alert.js';
import { WorkQueue } from './jobs/work-queue.js';
import type { Logger } from './logger.js';
import type { MetaViewApi } from './meta/meta-view.js';
import { createMetaViewApi } from './meta/meta-view-api.js';
import { BotMetrics } from './metrics/bot-metrics.js';
import { packageVersion } from './metrics/build-version.js';
import { SecretRegistry } from './secrets.js';
import { MAX_BULK_BYTES } from './senders/bulk/csv.js';
import { Claims } from './senders/claims.js';
import type { SendersContext, SendersSettings } from './senders/context.js';
import { customerNameFor } from './senders/customers/customers.js';
import { onboardingKit } from './senders/customers/onboarding-kit.js';
import { missingOnboardingSettings, type OnboardingSettings } from './senders/customers/onboarding-settings.js';
import { forgetOldMetaEvents } from './senders/meta/meta-events.js';
import { CredentialCheck, SUBACCOUNT_COMMANDS } from './senders/numbers/credentials.js';
import { resumePending } from './senders/registration/resume.js';
import { SETTLE_TIMEOUTS } from './senders/registration/uncertain-creates.js';
import type { WatchSettings } from './senders/watch/schedule.js';
import { lookupClient, outboxClient } from './slack/clients.js';
import { createFileDownloader } from './slack/files.js';
import { openStore, type Store, type StoreOptions } from './store/db.js';
import type { PostgresStore } from './store/postgres/store.js';
import { StorageError } from './store/storage-error.js';
import { createGateway, type TwilioGateway } from './twilio/gateway.js';
import { createTransport } from './twilio/transport.js';
import { restartingAnswer } from './views/restarting.js';
import { webRoutes } from './web/routes.js';

export interface BotOptions {
  slack: SlackOptions;
  twilio: { accountSid: string; username: string; password: string; authToken?: string; baseUrl?: string; baseDelayMs?: number; timeoutMs?: number };
  dataFile: string;
  slashCommand: string;
  /** Without createSettleMs, a create settles after four Twilio timeouts (2 minutes by default). */
  settings: Omit<SendersSettings, 'createSettleMs' | 'command'> & { createSettleMs?: number };
  watch: WatchSettings;
  access?: AccessSettings;
  alertChannel?: string;
  /** The poller's cron schedule; without one the poller runs only when called (tests). */
  pollCron?: string;
  /** Look at what the Twilio credentials may do once started (one request); tests that count requests leave it off. */
  checkCredentials?: boolean;
  /** Serve the create queue on a timer; off in tests, which run its rounds themselves. */
  runCreateQueue?: boolean;
  outbox?: OutboxOptions;
  /** How the data file is written (tests make writes fail). */
  store?: StoreOptions;
  logger: Logger;
  /** The registry the logger scrubs with; the bot adds its Slack and Twilio secrets to it. */
  secrets?: SecretRegistry;
  clock?: Clock;
  /** Embedded Signup; without it (or with Meta settings missing) `customer onboard` says what to set. */
  onboarding?: OnboardingSettings;
  /** ACK_DEADLINE_MS: how long a Slack request's work before its answer may take, storing included. */
  ackDeadlineMs?: number;
  /** The logo URL check; without it, the real one (it fetches the image). */
  checkLogo?: SendersContext['checkLogo'];
}

export const DEFAULT_ACK_DEADLINE_MS = 2_000;

export interface Bot {
  app: App;
  store: Store;
  twilio: TwilioGateway;
  senders: SendersContext;
  poller: StatusPoller;
  /** Meta's own view of the customers' WABAs, when the system user is set. */
  metaWatch?: MetaWatcher;
  runner: CreateRunner;
  outbox: OutboxDelivery;
  /** What GET /metrics shows. */
  metrics: BotMetrics;
  /** Starts listening; resolves once Slack requests are taken. Returns the HTTP server in HTTP mode. */
  start(): Promise<unknown>;
  /** Resolves once nothing is being done: no Slack request, queued work, create round, poll, outbox delivery or Twilio call. */
  idle(): Promise<void>;
  /**
   * Stops taking requests at once (Slack gets "restarting" where it waits for an answer), lets
   * the work in flight record its outcome for up to STOP_BUDGET_MS, writes the store. Work still
   * unfinished then is what the store says it is: a create in flight is checked with Twilio at the
   * next start.
   */
  stop(): Promise<void>;
}

/** How long the start's look at the credentials may take. */
const CREDENTIAL_CHECK_MS = 5_000;

async function checkCredentials(senders: SendersContext, logger: Logger): Promise<void> {
  const powers = await senders.credentials!.run(senders.twilio, CREDENTIAL_CHECK_MS);
  if (powers === 'no_subaccounts')
    logger.warn(
      `the Twilio credentials cannot manage subaccounts (a Standard API key); these will not work: ${SUBACCOUNT_COMMANDS}. Use the auth token or a Main API key.`,
    );
  else if (powers === 'refused') logger.error('Twilio refuses the bot’s credentials: check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or the API key)');
  else if (powers === 'unknown') logger.warn('could not check what the Twilio credentials may do (no answer from Twilio); the bot starts anyway');
}

export const newId = () => randomBytes(6).toString('hex');

/** Listeners' follow-up work running at once; more waits its turn (see WorkQueue). */
const LISTENER_LANES = 8;
/** Follow-up work starts once no Slack request has been open for this long... */
const QUIET_MS = 10;
/** ...or once it has waited this long, however busy Slack keeps the bot. */
const MAX_DEFER_MS = 1000;

const DEFAULT_TWILIO_TIMEOUT_MS = 30_000;

/** What a stop may take, so the process exits well inside the 10 s a supervisor allows. */
const STOP_BUDGET_MS = 7_000;

/** How often a replica on a shared database looks at the create queue when nothing told it to. */
const REPLICA_IDLE_CHECK_MS = 2_000;

/** How long /readyz waits for the store's answer. */
const READY_STORE_TIMEOUT_MS = 1_500;

/** A cheap read: on PostgreSQL the migrations this release has that the database lacks, on the data file one lookup. */
async function storeReadiness(store: Store): Promise<string | undefined> {
  if (store.kind === 'postgres') {
    const pending = await (store as PostgresStore).pendingMigrations();
    return pending.length > 0 ? `migrations not applied: ${pending.join(', ')}` : undefined;
  }
  await store.customers.byAccount('');
  return undefined;
}

/** Socket Mode: whether Bolt's WebSocket to Slack is open (Bolt keeps its receiver private). */
function socketConnected(app: App): boolean {
  const receiver = (app as unknown as { receiver?: { client?: { websocket?: { isActive(): boolean } } } }).receiver;
  return receiver?.client?.websocket?.isActive() === true;
}

/** Meta's own view, when the ISV's system user is set (META_SYSTEM_USER_TOKEN and META_SYSTEM_USER_ID). */
function metaViewFor(settings: OnboardingSettings | undefined, secrets: SecretRegistry, clock: Clock): MetaViewApi | undefined {
  secrets.add(settings?.webhookVerifyToken);
  if (!settings?.systemUserToken || !settings.systemUserId) return undefined;
  return createMetaViewApi({
    graphUrl: settings.graphUrl,
    systemUserToken: settings.systemUserToken,
    systemUserId: settings.systemUserId,
    appSecret: settings.appSecret,
    timeoutMs: settings.timeoutMs,
    secrets,
    now: () => clock.now(),
  });
}

/** Wires the store, the Twilio gateway and the Slack app together. */
export async function createBot(options: BotOptions): Promise<Bot> {
  const store = await openStore(options.dataFile, options.store);
  const secrets = options.secrets ?? new SecretRegistry();
  for (const secret of [options.slack.botToken, options.slack.appToken, options.slack.signingSecret, options.twilio.authToken]) secrets.add(secret);
  const clock = options.clock ?? systemClock;
  const activity = new Activity();
  let metrics: BotMetrics | undefined;
  const transport = createTransport({ ...options.twilio, baseDelayMs: options.twilio.baseDelayMs, secrets, observe: (call) => metrics?.twilioCall(call) });
  const credentials = new CredentialCheck();
  const twilio = createGateway((request) => activity.track(transport(request)), options.twilio.accountSid, {
    secrets,
    customerOf: async (accountSid) => (await store.customers.byAccount(accountSid))?.name,
    subaccountsOffLimits: () => credentials.powers === 'no_subaccounts',
    mainAuthToken: options.twilio.authToken ?? (options.twilio.username === options.twilio.accountSid ? options.twilio.password : undefined),
    now: () => clock.now(),
  });
  const onboarding = onboardingKit(options.onboarding, options.twilio.password, secrets);
  const metaView = metaViewFor(options.onboarding, secrets, clock);
  const senders: SendersContext = {
    store,
    twilio,
    clock,
    logger: options.logger,
    settings: { createSettleMs: SETTLE_TIMEOUTS * (options.twilio.timeoutMs ?? DEFAULT_TWILIO_TIMEOUT_MS), ...options.settings, command: options.slashCommand },
    newId,
    secrets,
    inProcess: new Claims(),
    credentials,
    startedAt: store.kind === 'postgres' ? clock.now() : undefined,
    voiceCalls: onboarding.settings.publicUrl ? { publicUrl: onboarding.settings.publicUrl, key: onboarding.key } : undefined,
    checkLogo: options.checkLogo,
    meta: metaView,
  };
  metrics = new BotMetrics({ store, clock, customerOf: (accountSid) => customerNameFor(senders, accountSid), version: packageVersion() });
  const frontDoor = new FrontDoor(QUIET_MS);
  // The listeners need the poller, and the poller needs the app's Slack client: the poller is
  // put into the listeners' deps once the app exists, before any request can arrive.
  const deps = {
    senders,
    logger: options.logger,
    slashCommand: options.slashCommand,
    watchSettings: options.watch,
    downloadFile: createFileDownloader(options.slack.botToken, options.slack.apiUrl, MAX_BULK_BYTES),
    work: new WorkQueue(LISTENER_LANES, frontDoor, MAX_DEFER_MS),
    onboarding,
  } as AppDeps;
  let stopping = false;
  let stopped: Promise<void> | undefined;
  const app = createApp(deps, options.slack, {
    routes: webRoutes(metrics, {
      store: () => storeReadiness(store),
      stopping: () => stopping,
      slackConnected: options.slack.mode === 'socket' ? () => socketConnected(app) : undefined,
      timeoutMs: READY_STORE_TIMEOUT_MS,
    }),
    observeSlack: metrics.slackCall,
    ackDeadlineMs: options.ackDeadlineMs ?? DEFAULT_ACK_DEADLINE_MS,
  });
  app.use(async (args) => {
    if (!stopping) return activity.track(args.next());
    const answer = restartingAnswer(args.body as Parameters<typeof restartingAnswer>[0]);
    const ack = (args as { ack?: (response?: unknown) => Promise<void> }).ack;
    await ack?.(answer);
  });
  const deliveryClient = outboxClient(options.slack.botToken, options.slack.apiUrl, options.logger, (text) => secrets.scrub(text), metrics.slackCall);
  // Replicas on one database share the poll and the outbox's channels through leases; lowdb is one process.
  const shared = store as Store & Partial<Pick<PostgresStore, 'leases' | 'locks'>>;
  const lease = leasesFor(shared, `${hostname()}:${process.pid}:${newId()}`, options.logger);
  const sessionLease = sessionLeasesFor(shared);
  const outbox = new OutboxDelivery(senders, deliveryClient, options.logger, {
    ...options.outbox,
    laneLease: (channel) => sessionLease(`outbox:${channel}`),
  });
  const poller = new StatusPoller(senders, options.watch, outbox, options.alertChannel, metrics.pollDone, (ttlMs) => lease('poll', { ttlMs, keepAlive: true }));
  const metaWatch = new MetaWatcher(senders, options.watch, outbox, options.alertChannel, poller);
  if (metaView) {
    deps.metaWatch = metaWatch;
    poller.alsoOnLease(metaAccessPassOnce(senders, options.alertChannel, outbox));
    poller.alsoOnLease(() => metaWatch.pollDue());
    poller.alsoOnLease(() => forgetOldMetaEvents(senders, clock.now()));
  }
  // Replicas look at the shared queue often: work a replica that died had queued is theirs to do.
  const runner = new CreateRunner(senders, outbox, { concurrency: 10, idleCheckMs: store.kind === 'postgres' ? REPLICA_IDLE_CHECK_MS : 15_000 });
  alertOnStorageTrouble(store, deliveryClient, options.logger, options.alertChannel, () => outbox.kick());
  deps.poller = poller;
  deps.runner = runner;
  deps.outbox = outbox;
  const groups = lookupClient(options.slack.botToken, options.slack.apiUrl, options.logger, metrics.slackCall);
  const readGroup = async (usergroup: string) => (await groups.usergroups.users.list({ usergroup })).users ?? [];
  deps.access = createAccess(options.access ?? { allowedUsers: [], readOnlyOpen: true }, readGroup, senders.clock, options.logger);
  if (!deps.access.restricted)
    options.logger.warn('ALLOWED_USERS and ALLOWED_USERGROUP are not set: everyone in the workspace can register, delete and manage customers');
  if (missingOnboardingSettings(options.onboarding).length === 0 && !options.onboarding?.brand?.name)
    options.logger.warn('ISV_NAME is not set: the customers’ signup page speaks of "your provider"; set ISV_NAME so it names you');
  return {
    app,
    store,
    twilio,
    senders,
    poller,
    metaWatch: deps.metaWatch,
    runner,
    outbox,
    metrics,
    async start() {
      const server = await app.start(options.slack.port);
      if (server instanceof Server) frontDoor.watch(server);
      const { resumed, restored } = await resumePending(senders).catch((error: unknown) => {
        // A failed write is retried by the store, which also raises the alert; the work stays in memory.
        if (!(error instanceof StorageError)) options.logger.error('could not resume pending work', { error: (error as Error).message });
        return { resumed: 0, restored: 0 };
      });
      if (resumed || restored) options.logger.info('resumed pending work', { resumed, restored });
      // Not waited for: without an answer from Twilio the bot starts all the same.
      if (options.checkCredentials) void checkCredentials(senders, options.logger);
      // A stop that came while the bot was starting: its jobs stay off.
      if (stopping) return server;
      outbox.kick();
      if (options.pollCron) poller.start(options.pollCron);
      if (options.runCreateQueue) runner.start();
      return server;
    },
    async idle() {
      const quiet = () => !activity.busy && !deps.work.busy && !outbox.busy && !runner.busy && !poller.busy && !metaWatch.busy;
      do {
        await Promise.all([activity.idle(), deps.work.idle(), outbox.idle(), runner.idle(), poller.idle(), metaWatch.idle()]);
        // Finishing one piece of work may start another (an answer queues a Slack post): look again.
        await new Promise((resolve) => setImmediate(resolve));
      } while (!quiet());
    },
    stop() {
      // A second call (a second signal handler, a test's cleanup) waits for the first stop instead of stopping again.
      stopped ??= (async () => {
        stopping = true;
        const deadline = Date.now() + STOP_BUDGET_MS;
        const within = (work: Promise<unknown>) => withinDeadline(work, Math.max(0, deadline - Date.now()));
        deps.work.cancelWaiting();
        await within(Promise.all([runner.stop(), poller.stop(), metaWatch.stop(), deps.work.idle()]));
        await within(outbox.stop());
        try {
          await within(store.flush());
        } finally {
          await within(app.stop());
          if ((await within(store.close())) === TIMED_OUT) store.closeNow();
        }
      })();
      return stopped;
    },
  };
}
