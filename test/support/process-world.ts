import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sid } from '../../src/sandbox/sim-state.js';
import { TwilioSimulator } from '../../src/sandbox/simulator.js';
import type { emptyData, SenderRecord } from '../../src/store/schema.js';
import { type ChildBot, startChildBot } from './child-bot.js';
import { FakeSlack } from './fake-slack.js';
import { BOT_TOKEN, SIGNING_SECRET, stateValues } from './harness.js';
import { senderRecord } from './sender-record.js';
import { type Actor, buttonPayload, interactionBody, postSigned, type SlackResponse, slashCommandBody, viewSubmissionPayload } from './slack-requests.js';
import { until } from './until.js';

export const ALICE: Actor = { user: 'U0ALICE', channel: 'C0ONBOARD' };

/** Steps run after each test, last first: stop the bots, then the stand-ins. */
export const cleanup: (() => Promise<unknown>)[] = [];
export async function runCleanup(): Promise<void> {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
}

/** The Twilio simulator, a fake Slack and a data file for a bot run as its own process. */
export async function processWorld(extraEnv: Record<string, string> = {}) {
  const mainAccountSid = sid('AC');
  const authToken = `tok${sid('')}`;
  const sim = new TwilioSimulator({ mainAccountSid, authToken, delays: { creatingMs: 200, verifyingMs: 400, offlineMs: 400 } });
  await sim.start();
  sim.state.linkWaba(mainAccountSid);
  const slack = new FakeSlack(BOT_TOKEN);
  const slackApi = await slack.start();
  cleanup.push(
    () => sim.stop(),
    () => slack.stop(),
  );
  const dataFile = join(await mkdtemp(join(tmpdir(), 'senders-process-')), 'db.json');
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slackApi,
    TWILIO_ACCOUNT_SID: mainAccountSid,
    TWILIO_AUTH_TOKEN: authToken,
    TWILIO_BASE_URL: sim.url,
    DATA_FILE: dataFile,
    ALERT_CHANNEL: 'C0ALERTS',
    POLL_CRON: '* * * * * *',
    POLL_MIN_MINUTES: '0.005',
    POLL_MAX_MINUTES: '0.02',
    SENDERS_MIN_INTERVAL: '0.005',
    BULK_NAME_FIRST: 'false',
    // A two-second Twilio timeout: a create whose outcome a kill made unknown settles in seconds, not minutes.
    TWILIO_TIMEOUT_SECONDS: '2',
    ...extraEnv,
  };
  return { sim, slack, dataFile, env, mainAccountSid, authToken };
}

/** Customers with subaccounts made directly in the simulator, written into a new data file's content. */
export function seedCustomers(sim: TwilioSimulator, data: ReturnType<typeof emptyData>, count: number): string[] {
  const accounts: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const account = sim.state.createSubaccount(`Customer ${i}`);
    const createdAt = new Date().toISOString();
    data.customers.push({
      id: `c${i}`,
      name: `Customer ${i}`,
      accountSid: account.sid,
      createdBySlackUser: 'U0ALICE',
      createdAt,
      createdSubaccount: false,
      wabaId: sim.state.addWaba(),
    });
    accounts.push(account.sid);
  }
  return accounts;
}

/** A registration of +14155550100 in the main account as the data file holds it, registered an hour ago. */
export function seededRegistration(accountSid: string, over: Partial<SenderRecord>): SenderRecord {
  const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
  return senderRecord({ accountSid, state: 'awaiting_code', createdAt: hourAgo, otp: { codeAttempts: 0, resends: 0, lastCreateAt: hourAgo }, ...over });
}

/** Starts the bot as `npm start` does; it is killed after the test if still running. */
export async function startBot(env: Record<string, string>, port: number): Promise<ChildBot> {
  const bot = await startChildBot(env, port);
  cleanup.push(async () => {
    bot.process.kill('SIGKILL');
    await bot.exited;
  });
  return bot;
}

export const eventsUrl = (bot: ChildBot) => `http://127.0.0.1:${bot.port}/slack/events`;

export function command(bot: ChildBot, slack: FakeSlack, text: string): Promise<SlackResponse> {
  return postSigned(eventsUrl(bot), SIGNING_SECRET, slashCommandBody('/senders', text, ALICE, slack.responseUrl()));
}

export async function openView(bot: ChildBot, slack: FakeSlack, text: string) {
  const before = slack.callsOf('views.open').length;
  await command(bot, slack, text);
  await until(() => slack.callsOf('views.open').length > before, 15_000, `the ${text} view`);
  return slack.viewFor(slack.callsOf('views.open').at(-1)!.args.__id);
}

export async function submitRegistration(bot: ChildBot, slack: FakeSlack, phone: string) {
  const view = await openView(bot, slack, 'register');
  return postSigned(
    eventsUrl(bot),
    SIGNING_SECRET,
    interactionBody(viewSubmissionPayload(view, stateValues(view, { customer: 'main', phone, name: 'Acme Store' }), ALICE)),
  );
}

export function click(bot: ChildBot, slack: FakeSlack, actionId: string, value: string, message: { ts: string; channel: string }): Promise<SlackResponse> {
  return postSigned(eventsUrl(bot), SIGNING_SECRET, interactionBody(buttonPayload(actionId, value, ALICE, message, slack.responseUrl())));
}
