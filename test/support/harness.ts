import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { AccessSettings } from '../../src/access.js';
import { type Bot, createBot } from '../../src/bot.js';
import type { PollReport } from '../../src/jobs/poller.js';
import { createLogger } from '../../src/logger.js';
import type { Delays } from '../../src/sandbox/sim-state.js';
import { sid } from '../../src/sandbox/sim-state.js';
import { TwilioSimulator } from '../../src/sandbox/simulator.js';
import { SecretRegistry } from '../../src/secrets.js';
import type { OnboardingSettings } from '../../src/senders/customers/onboarding-settings.js';
import type { LogoVerdict } from '../../src/senders/profile/logo-check.js';
import { DEFAULT_WATCH, type WatchSettings } from '../../src/senders/watch/schedule.js';
import type { StoreOptions } from '../../src/store/db.js';
import { FakeSlack } from './fake-slack.js';
import { ManualClock } from './manual-clock.js';
import type { TestSchema } from './pg-schema.js';
import {
  type Actor,
  blockSuggestionPayload,
  buttonPayload,
  eventBody,
  interactionBody,
  postSigned,
  type SlackResponse,
  slashCommandBody,
  viewActionPayload,
  viewSubmissionPayload,
} from './slack-requests.js';
import { storeOptionsFor } from './test-store.js';

export const ALICE: Actor = { user: 'U0ALICE', channel: 'C0ONBOARD' };
export const ALERT_CHANNEL = 'C0ALERTS';

export interface HarnessOptions {
  /** SLASH_COMMAND: the command the bot answers and names in its messages. */
  slashCommand?: string;
  delays?: Delays;
  resendMinMinutes?: number;
  maxResends?: number;
  dataFile?: string;
  /** Reuse the simulator (and its clock) of an earlier harness, as after a restart. */
  sim?: TwilioSimulator;
  clock?: ManualClock;
  /** Reuse the fake Slack of an earlier harness, so messages posted before a restart stay. */
  slack?: FakeSlack;
  twilioSecrets?: { mainAccountSid: string; authToken: string };
  watch?: Partial<WatchSettings>;
  alertChannel?: string;
  channelPaceMs?: number;
  sendersMinIntervalMs?: number;
  bulkNameFirst?: boolean;
  access?: AccessSettings;
  /** First retry delay of an undelivered Slack message, in clock time. */
  outboxRetryMs?: number;
  /**
   * Which store and how it writes: `kind` (else TEST_STORE, else lowdb); for lowdb a file system
   * whose writes fail on demand, a short retry.
   */
  store?: StoreOptions;
  /** The PostgreSQL schema of an earlier harness (see sameWorld); otherwise a PostgreSQL harness gets an empty one. */
  database?: TestSchema;
  /** The bot's Twilio credentials are this API key (see sim.addApiKey) instead of the main auth token. */
  twilioApiKey?: { sid: string; secret: string };
  /** Check at start what the Twilio credentials may do, as the bot does when launched. */
  checkCredentials?: boolean;
  /** Run the poller on this cron schedule (real time), as the bot does, instead of only on pollAfter. */
  pollCron?: string;
  /** Embedded Signup settings; without publicUrl the bot gets a free port and its address. */
  onboarding?: OnboardingSettings;
  /** ACK_DEADLINE_MS: how long a request's work before its answer may take (default 2000). */
  ackDeadlineMs?: number;
  /** The logo URL check; by default every logo passes (tests have no internet; the check itself: test/unit/logo-check.test.ts). */
  checkLogo?: (url: string) => Promise<LogoVerdict>;
}

export interface Harness {
  sim: TwilioSimulator;
  slack: FakeSlack;
  bot: Bot;
  clock: ManualClock;
  dataFile: string;
  /** The schema the bot keeps its data in, when it runs on PostgreSQL. */
  database?: TestSchema;
  logLines: string[];
  secrets: string[];
  mainAccountSid: string;
  authToken: string;
  /** The WABA connected to the main account in the simulator (as in Twilio, where the ISV's own senders live). */
  mainWabaId: string;
  /** Where the bot takes Slack's requests. */
  url: string;
  command(text: string, actor?: Actor): Promise<SlackResponse>;
  submitView(viewId: string, values: Record<string, unknown>, actor?: Actor): Promise<SlackResponse>;
  dispatchInView(viewId: string, blockId: string, actionId: string, values: Record<string, unknown>, actor?: Actor): Promise<SlackResponse>;
  /** Types into an external select of an open view; returns the options the bot offers. */
  suggest(viewId: string, blockId: string, typed: string, actor?: Actor): Promise<any[]>;
  click(actionId: string, value: string, message: { ts: string; channel: string }, actor?: Actor): Promise<SlackResponse>;
  post(body: string, options?: { timestamp?: number; signature?: string; json?: boolean }): Promise<SlackResponse>;
  event(event: Record<string, unknown>, actor?: Actor): Promise<SlackResponse>;
  /** Runs create-queue rounds, moving the clock to each next turn, until nothing is left to send. */
  drainQueue(options?: { maxRounds?: number; stopAfterCreates?: number }): Promise<number>;
  /** Advances the clock and runs one poll, waiting for its Slack messages. */
  pollAfter(ms: number): Promise<PollReport>;
  /** Waits until the bot is idle: its work after an ack, queued posts and Twilio calls are done. */
  settle(): Promise<void>;
  /** Waits until the condition holds (for work that runs long without calling anyone). */
  waitFor(condition: () => boolean | Promise<boolean>, timeoutMs?: number): Promise<void>;
  /** Stops the bot; keepServices leaves the simulator and fake Slack running for a restart. */
  stop(options?: { keepServices?: boolean }): Promise<void>;
}

/** A new bot's options on the same data file, Slack, Twilio and clock as `before`: as after a crash or a restart. */
export const sameWorld = (before: Harness): HarnessOptions => ({
  sim: before.sim,
  slack: before.slack,
  clock: before.clock,
  dataFile: before.dataFile,
  database: before.database,
  twilioSecrets: { mainAccountSid: before.mainAccountSid, authToken: before.authToken },
});

/** For a test file: starts harnesses that are all stopped after each test, last first. */
export function harnessPerTest(): (options?: HarnessOptions) => Promise<Harness> {
  const running: Harness[] = [];
  afterEach(async () => {
    for (const h of running.splice(0).reverse()) await h.stop();
  });
  return async (options) => {
    const h = await startHarness(options);
    running.push(h);
    return h;
  };
}

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-bot-token-0123456789';

/** Builds state.values for every input block of a view, filled from `given` (by block id). */
export function stateValues(view: any, given: Record<string, unknown>): Record<string, Record<string, any>> {
  const values: Record<string, Record<string, any>> = {};
  for (const block of view.blocks ?? []) {
    if (block.type !== 'input') continue;
    const element = block.element;
    const value = given[block.block_id];
    const entry: Record<string, any> = { type: element.type };
    switch (element.type) {
      case 'static_select':
      case 'external_select':
      case 'radio_buttons': {
        const chosen = value ?? element.initial_option?.value;
        entry.selected_option = chosen ? { text: { type: 'plain_text', text: String(chosen) }, value: String(chosen) } : null;
        break;
      }
      case 'file_input':
        entry.files = value ?? [];
        break;
      case 'checkboxes':
        entry.selected_options = (Array.isArray(value) ? value : value ? [value] : []).map((v) => ({
          text: { type: 'plain_text', text: String(v) },
          value: String(v),
        }));
        break;
      default:
        entry.value = value === undefined ? null : String(value);
    }
    values[block.block_id] = { [element.action_id]: entry };
  }
  return values;
}

/** A port nobody listens on right now, for a bot whose public address must be known before it starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = options.clock ?? new ManualClock();
  const mainAccountSid = options.twilioSecrets?.mainAccountSid ?? sid('AC');
  const authToken = options.twilioSecrets?.authToken ?? `tok${sid('')}`;
  const sim =
    options.sim ??
    new TwilioSimulator({ mainAccountSid, authToken, clock, delays: options.delays ?? { creatingMs: 1_000, verifyingMs: 60_000, offlineMs: 120_000 } });
  const twilioUrl = options.sim ? options.sim.url : await sim.start();
  const mainWabaId = sim.state.linkedWabas.get(mainAccountSid) ?? sim.state.linkWaba(mainAccountSid);
  const slack = options.slack ?? new FakeSlack();
  const slackApiUrl = options.slack ? `${options.slack.url}/api/` : await slack.start();
  const dataFile = options.dataFile ?? join(await mkdtemp(join(tmpdir(), 'senders-bot-')), 'db.json');
  const logLines: string[] = [];
  const secrets = [authToken, BOT_TOKEN, SIGNING_SECRET];
  const registry = new SecretRegistry(secrets);
  const logger = createLogger(registry, (line) => logLines.push(line));
  const { options: storeOptions, database, release: releaseSchema } = await storeOptionsFor(options.store, options.database, logger);
  const port = options.onboarding && !options.onboarding.publicUrl ? await freePort() : 0;
  const onboarding = options.onboarding && { publicUrl: `http://127.0.0.1:${port}`, ...options.onboarding };
  const bot = await createBot({
    slack: { botToken: BOT_TOKEN, apiUrl: slackApiUrl, mode: 'http', signingSecret: SIGNING_SECRET, port },
    twilio: {
      accountSid: mainAccountSid,
      username: options.twilioApiKey?.sid ?? mainAccountSid,
      password: options.twilioApiKey?.secret ?? authToken,
      baseUrl: twilioUrl,
      baseDelayMs: 5,
    },
    checkCredentials: options.checkCredentials,
    dataFile,
    slashCommand: options.slashCommand ?? '/senders',
    settings: {
      resendMinMinutes: options.resendMinMinutes ?? 3,
      maxResends: options.maxResends ?? 5,
      sendersMinIntervalMs: options.sendersMinIntervalMs ?? 0,
      bulkNameFirst: options.bulkNameFirst ?? true,
    },
    watch: { ...DEFAULT_WATCH, ...options.watch },
    access: options.access,
    alertChannel: 'alertChannel' in options ? options.alertChannel : ALERT_CHANNEL,
    outbox: { channelPaceMs: options.channelPaceMs ?? 0, retryBaseMs: options.outboxRetryMs ?? 1 },
    store: storeOptions,
    pollCron: options.pollCron,
    onboarding,
    ackDeadlineMs: options.ackDeadlineMs,
    checkLogo: options.checkLogo ?? (async () => ({ ok: true, width: 640, height: 640 })),
    logger,
    secrets: registry,
    clock,
  });
  const server = (await bot.start()) as Server;
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  let stopped = false;

  const post = (body: string, opts?: { timestamp?: number; signature?: string; json?: boolean }) => postSigned(url, SIGNING_SECRET, body, opts);
  const harness: Harness = {
    sim,
    slack,
    bot,
    clock,
    dataFile,
    database,
    logLines,
    secrets,
    mainAccountSid,
    authToken,
    mainWabaId,
    url,
    post,
    event: (event, actor = ALICE) => post(eventBody(event, actor), { json: true }),
    async drainQueue({ maxRounds = 100_000, stopAfterCreates = Infinity } = {}) {
      const before = sim.requestsOf('CreateChannelsSender').length;
      for (let round = 0; round < maxRounds; round += 1) {
        const report = await bot.runner.tick();
        await bot.outbox.idle();
        if (sim.requestsOf('CreateChannelsSender').length - before >= stopAfterCreates) break;
        const queues = await bot.store.senders.createQueues();
        const waiting = queues.some((queue) => queue.depth > 0);
        if (!waiting) break;
        if (report.nextAt !== undefined && report.nextAt > clock.now()) clock.advance(report.nextAt - clock.now());
        else if (report.sent === 0 && report.failed === 0) break;
      }
      return sim.requestsOf('CreateChannelsSender').length - before;
    },
    async pollAfter(ms) {
      clock.advance(ms);
      const report = await bot.poller.runOnce();
      await bot.outbox.idle();
      return report;
    },
    async command(text, actor = ALICE) {
      const response = await post(slashCommandBody(options.slashCommand ?? '/senders', text, actor, slack.responseUrl()));
      // A message in the ack is shown by Slack like one posted to the response URL.
      if (response.body && typeof response.body === 'object' && (response.body.text || response.body.blocks))
        slack.recordResponse({ ...response.body, via: 'ack' });
      return response;
    },
    async submitView(viewId, given, actor = ALICE) {
      const view = slack.viewFor(viewId);
      if (!view) throw new Error(`no open view ${viewId}`);
      const response = await post(interactionBody(viewSubmissionPayload(view, stateValues(view, given), actor)));
      // Slack applies the answer's response_action to the open view, as the real client does.
      if (response.body?.response_action === 'update') slack.views.set(viewId, { ...response.body.view, id: viewId, hash: `${view.hash}u` });
      if (response.body?.response_action === 'clear') slack.views.delete(viewId);
      return response;
    },
    dispatchInView: (viewId, blockId, actionId, given, actor = ALICE) => {
      const view = slack.viewFor(viewId);
      return post(interactionBody(viewActionPayload(actionId, blockId, view, stateValues(view, given), actor)));
    },
    async suggest(viewId, blockId, typed, actor = ALICE) {
      const view = slack.viewFor(viewId);
      const element = view.blocks.find((b: any) => b.block_id === blockId).element;
      const response = await post(interactionBody(blockSuggestionPayload(element.action_id, blockId, typed, view, actor)));
      return response.body?.options ?? [];
    },
    click(actionId, value, message, actor = ALICE) {
      // Slack sends the clicked message as it shows it, blocks included.
      const shown = slack.messages.find((m) => m.channel === message.channel && m.ts === message.ts);
      const clicked = shown ? { ...message, text: shown.text, blocks: shown.blocks } : message;
      return post(interactionBody(buttonPayload(actionId, value, actor, clicked, slack.responseUrl())));
    },
    async settle() {
      await bot.idle();
    },
    async waitFor(condition, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!(await condition())) {
        if (Date.now() > deadline) throw new Error('timed out waiting for the bot');
        await new Promise((r) => setTimeout(r, 20));
      }
      await harness.settle();
    },
    async stop({ keepServices = false } = {}) {
      if (stopped) return;
      stopped = true;
      await bot.stop();
      releaseSchema();
      if (!keepServices) {
        await slack.stop();
        await sim.stop();
      }
    },
  };
  return harness;
}
