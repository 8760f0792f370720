import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sid } from '../../src/sandbox/sim-state.js';
import { TwilioSimulator } from '../../src/sandbox/simulator.js';
import { emptyData } from '../../src/store/schema.js';
import { FakeSlack } from '../support/fake-slack.js';
import { BOT_TOKEN, SIGNING_SECRET, stateValues } from '../support/harness.js';
import { freePort, startChildBot, type ChildBot } from '../support/child-bot.js';
import { interactionBody, postSigned, slashCommandBody, viewSubmissionPayload, type Actor } from '../support/slack-requests.js';

const ALICE: Actor = { user: 'U0ALICE', channel: 'C0ONBOARD' };
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function world() {
  const mainAccountSid = sid('AC');
  const authToken = `tok${sid('')}`;
  const sim = new TwilioSimulator({ mainAccountSid, authToken, delays: { creatingMs: 200, verifyingMs: 400, offlineMs: 400 } });
  await sim.start();
  const slack = new FakeSlack(BOT_TOKEN);
  const slackApi = await slack.start();
  cleanup.push(() => sim.stop(), () => slack.stop());
  const dataFile = join(await mkdtemp(join(tmpdir(), 'senders-process-')), 'db.json');
  const env = {
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
  };
  return { sim, slack, dataFile, env, mainAccountSid };
}

async function start(env: Record<string, string>, port: number): Promise<ChildBot> {
  const bot = await startChildBot(env, port);
  cleanup.push(async () => {
    bot.process.kill('SIGKILL');
    await bot.exited;
  });
  return bot;
}

const url = (bot: ChildBot) => `http://127.0.0.1:${bot.port}/slack/events`;

async function openView(bot: ChildBot, slack: FakeSlack, text: string) {
  const before = slack.callsOf('views.open').length;
  await postSigned(url(bot), SIGNING_SECRET, slashCommandBody('/senders', text, ALICE, slack.responseUrl()));
  const deadline = Date.now() + 5_000;
  while (slack.callsOf('views.open').length === before && Date.now() < deadline) await sleep(20);
  return slack.viewFor(slack.callsOf('views.open').at(-1)!.args.__id);
}

async function submitRegistration(bot: ChildBot, slack: FakeSlack, phone: string) {
  const view = await openView(bot, slack, 'register');
  return postSigned(url(bot), SIGNING_SECRET, interactionBody(viewSubmissionPayload(view, stateValues(view, { phone, name: 'Acme Store' }), ALICE)));
}

describe('the bot as a process', () => {
  it('stops on SIGTERM within 10 s, with its data file written', async () => {
    const w = await world();
    const bot = await start(w.env, await freePort());
    const answer = await submitRegistration(bot, w.slack, '+14155550100');
    expect(answer.body.response_action).toBe('update');
    const t0 = Date.now();
    bot.process.kill('SIGTERM');
    const exit = await bot.exited;
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(exit.code).toBe(0);
    const data = JSON.parse(await readFile(w.dataFile, 'utf8'));
    expect(data.senders.map((s: { phoneNumber: string }) => s.phoneNumber)).toEqual(['+14155550100']);
  }, 60_000);

  it('survives SIGKILL at random moments: the file always parses, no acknowledged registration is missing, nothing is sent or alerted twice', async () => {
    const w = await world();
    const seeded = emptyData();
    for (let i = 0; i < 4; i += 1) {
      const account = w.sim.state.createSubaccount(`Customer ${i}`);
      seeded.customers.push({ id: `c${i}`, name: `Customer ${i}`, accountSid: account.sid, createdBySlackUser: 'U0ALICE', createdAt: new Date().toISOString(), createdSubaccount: false });
      for (let j = 0; j < 5; j += 1) w.sim.addNumber(account.sid, `+1415555${i}${String(j).padStart(3, '0')}`, { sms: true, voice: true });
    }
    for (let j = 0; j < 6; j += 1) w.sim.addNumber(w.mainAccountSid, `+1415556${String(j).padStart(4, '0')}`, { sms: true, voice: true });
    await writeFile(w.dataFile, JSON.stringify(seeded));
    const port = await freePort();
    let bot = await start(w.env, port);

    const csv = ['customer,phone_number,display_name', ...seeded.customers.flatMap((c, i) => Array.from({ length: 5 }, (_, j) => `${c.name},+1415555${i}${String(j).padStart(3, '0')},Brand ${i}${j} Store`))].join('\n');
    const bulkView = await openView(bot, w.slack, 'bulk');
    await postSigned(url(bot), SIGNING_SECRET, interactionBody(viewSubmissionPayload(bulkView, stateValues(bulkView, { file: [w.slack.hostFile('rows.csv', csv)] }), ALICE)));
    const previewDeadline = Date.now() + 5_000;
    while (w.slack.viewFor(bulkView.id).callback_id !== 'bulk_confirm' && Date.now() < previewDeadline) await sleep(20);
    const confirmed = await postSigned(url(bot), SIGNING_SECRET, interactionBody(viewSubmissionPayload(w.slack.viewFor(bulkView.id), {}, ALICE)));
    expect(confirmed.status).toBe(200);

    const acknowledged: string[] = [];
    for (let round = 0; round < 4; round += 1) {
      const phone = `+1415556${String(round).padStart(4, '0')}`;
      const answer = await submitRegistration(bot, w.slack, phone);
      if (answer.body?.response_action === 'update') acknowledged.push(phone);
      await sleep(100 + Math.random() * 900);
      bot.process.kill('SIGKILL');
      await bot.exited;
      const data = JSON.parse(await readFile(w.dataFile, 'utf8'));
      for (const p of acknowledged) expect(data.senders.some((s: { phoneNumber: string }) => s.phoneNumber === p), `${p} after kill ${round}`).toBe(true);
      bot = await start(w.env, port);
    }

    const expected = 20 + acknowledged.length;
    const sentNumbers = () => new Set(w.sim.requestsOf('CreateChannelsSender').map((r) => (r.body as { sender_id: string }).sender_id));
    const deadline = Date.now() + 40_000;
    while (sentNumbers().size < expected && Date.now() < deadline) await sleep(200);
    await sleep(4_000);

    const creates = w.sim.requestsOf('CreateChannelsSender').map((r) => (r.body as { sender_id: string }).sender_id);
    expect(new Set(creates).size).toBe(expected);
    expect(creates.length).toBe(expected);
    const onlineAlerts = w.slack.postedIn('C0ALERTS').filter((m) => m.text.includes('is ONLINE')).map((m) => m.text.split(' ')[0]);
    expect(onlineAlerts.length).toBeGreaterThan(0);
    expect(onlineAlerts.length).toBe(new Set(onlineAlerts).size);
    const data = JSON.parse(await readFile(w.dataFile, 'utf8'));
    expect(data.senders.filter((s: { bulk?: unknown }) => s.bulk)).toHaveLength(20);
  }, 120_000);
});
