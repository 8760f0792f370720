/**
 * Speed under load, measured side by side in one run. The bot, the bare Bolt baseline and the
 * Twilio simulator each run in their own process; this one only sends load and plays Slack.
 *  - slash command and modal submission ack latency (p50, p99) at 50 concurrent requests with
 *    10,000 senders stored, as a ratio to a bare Bolt app that only acks;
 *  - one poll over 10,000 due senders against a simulator answering in a set latency: wall
 *    time against the ideal, store writes, peak memory;
 *  - start-up time to ready with 10,000 senders stored.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBot } from '../src/bot.js';
import { silentLogger } from '../src/logger.js';
import { sid } from '../src/sandbox/sim-state.js';
import { DEFAULT_WATCH } from '../src/senders/watch-schedule.js';
import { FakeSlack } from '../test/support/fake-slack.js';
import { BOT_TOKEN, SIGNING_SECRET, stateValues } from '../test/support/harness.js';
import { freePort, startChildBot, type ChildBot } from '../test/support/child-bot.js';
import { interactionBody, postSigned, slashCommandBody, viewSubmissionPayload, type Actor } from '../test/support/slack-requests.js';

const SENDERS = 10_000;
const CONCURRENCY = 50;
const REQUESTS = 2_000;
const LATENCY_MS = 25;
const POLL_CONCURRENCY = 50;
const ALICE: Actor = { user: 'U0ALICE', channel: 'C0ONBOARD' };
const out = (s: string) => process.stdout.write(`${s}\n`);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

async function load(url: string, body: () => string): Promise<number[]> {
  const times: number[] = [];
  let sent = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (sent < REQUESTS) {
        sent += 1;
        const t0 = performance.now();
        const answer = await postSigned(url, SIGNING_SECRET, body());
        if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`);
        times.push(performance.now() - t0);
      }
    }),
  );
  return times;
}

async function startSim(env: Record<string, string>, dataFile: string, latencyMs: number): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/sim-child.ts', dataFile, String(SENDERS), String(latencyMs)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => child.stdout.on('data', (chunk: Buffer) => {
    const match = /ready (\S+)/.exec(chunk.toString());
    if (match) resolve(match[1]!);
  }));
  return { url, stop: () => child.kill('SIGKILL') };
}

async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function main() {
  const mainAccountSid = sid('AC');
  const authToken = `tok${sid('')}`;
  const twilioEnv = { TWILIO_ACCOUNT_SID: mainAccountSid, TWILIO_AUTH_TOKEN: authToken };
  const dir = await mkdtemp(join(tmpdir(), 'senders-bench-'));
  const slack = new FakeSlack(BOT_TOKEN);
  const slackApi = await slack.start();
  const children: ChildBot[] = [];

  // 1. Ack latency: the bot with 10,000 senders stored, against Twilio answering at once.
  const ackSim = await startSim(twilioEnv, join(dir, 'ack.json'), 0);
  const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slackApi, TWILIO_BASE_URL: ackSim.url, DATA_FILE: join(dir, 'ack.json'), POLL_CRON: '0 0 1 1 *', ...twilioEnv };
  const startT0 = performance.now();
  const bot = await startChildBot(env, await freePort());
  const startupMs = performance.now() - startT0;
  children.push(bot);
  const emptyStartT0 = performance.now();
  const bare = await startChildBot(env, await freePort(), 'bench/bare-bolt.ts');
  const bareStartupMs = performance.now() - emptyStartT0;
  children.push(bare);
  const url = (c: ChildBot) => `http://127.0.0.1:${c.port}/slack/events`;

  await postSigned(url(bot), SIGNING_SECRET, slashCommandBody('/senders', 'register', ALICE, slack.responseUrl()));
  await new Promise((r) => setTimeout(r, 500));
  const view = slack.viewFor(slack.callsOf('views.open').at(-1)!.args.__id);
  const command = () => slashCommandBody('/senders', 'help', ALICE, slack.responseUrl());
  const statusCommand = () => slashCommandBody('/senders', 'status +14152000001', ALICE, slack.responseUrl());
  const submission = () => interactionBody(viewSubmissionPayload(view, stateValues(view, { phone: 'not a number', name: 'Acme Store' }), ALICE));
  await load(url(bot), command);
  await load(url(bare), command);
  const botCommand = await load(url(bot), command);
  const bareCommand = await load(url(bare), command);
  const botStatus = await load(url(bot), statusCommand);
  const bareStatus = await load(url(bare), statusCommand);
  const botSubmit = await load(url(bot), submission);
  const bareSubmit = await load(url(bare), submission);
  const botMemory = await peakRssMb(bot.process.pid!);
  const bareMemory = await peakRssMb(bare.process.pid!);
  for (const c of children) c.process.kill('SIGKILL');
  ackSim.stop();

  // 2. One poll over 10,000 due senders, Twilio answering in LATENCY_MS.
  const pollFile = join(dir, 'poll.json');
  const pollSim = await startSim(twilioEnv, pollFile, LATENCY_MS);
  await copyFile(pollFile, join(dir, 'poll-copy.json'));
  const poller = await createBot({
    slack: { botToken: BOT_TOKEN, apiUrl: slackApi, mode: 'http', signingSecret: SIGNING_SECRET, port: 0 },
    twilio: { accountSid: mainAccountSid, username: mainAccountSid, password: authToken, baseUrl: pollSim.url },
    dataFile: pollFile,
    slashCommand: '/senders',
    settings: { resendMinMinutes: 3, maxResends: 5, sendersMinIntervalMs: 180_000, bulkNameFirst: true },
    watch: { ...DEFAULT_WATCH, concurrency: POLL_CONCURRENCY, codeReminderMs: 10 ** 12 },
    logger: silentLogger,
  });
  let writes = 0;
  const write = poller.store.write.bind(poller.store);
  poller.store.write = async () => {
    writes += 1;
    return write();
  };
  const pollT0 = performance.now();
  const report = await poller.poller.runOnce();
  const pollMs = performance.now() - pollT0;
  const ideal = (SENDERS * LATENCY_MS) / POLL_CONCURRENCY;
  const pollWrites = writes;
  const pollMemory = await peakRssMb(process.pid);
  pollSim.stop();
  await slack.stop();

  out(`Speed under load (${SENDERS.toLocaleString('en')} senders stored; ${REQUESTS} requests at ${CONCURRENCY} concurrent; Node ${process.version})\n`);
  out('| measure | this bot | bare Bolt (ack only) | ratio | target |');
  out('| --- | --- | --- | --- | --- |');
  const row = (name: string, a: number[], b: number[], p: number) =>
    out(`| ${name} p${p} | ${percentile(a, p).toFixed(1)} ms | ${percentile(b, p).toFixed(1)} ms | ${(percentile(a, p) / percentile(b, p)).toFixed(2)} | ${p === 99 ? '< 50 ms, within 1.5x' : ''} |`);
  row('slash command ack (`help`)', botCommand, bareCommand, 50);
  row('slash command ack (`help`)', botCommand, bareCommand, 99);
  row('slash command ack (`status`, which then asks Twilio)', botStatus, bareStatus, 50);
  row('slash command ack (`status`, which then asks Twilio)', botStatus, bareStatus, 99);
  row('modal submission ack', botSubmit, bareSubmit, 50);
  row('modal submission ack', botSubmit, bareSubmit, 99);
  out('');
  out('| measure | value | target |');
  out('| --- | --- | --- |');
  out(`| poll of ${report.checked.toLocaleString('en')} due senders, ${LATENCY_MS} ms per Twilio request, ${POLL_CONCURRENCY} in flight | ${(pollMs / 1000).toFixed(2)} s | |`);
  out(`| ideal (senders x latency / in flight) | ${(ideal / 1000).toFixed(2)} s | |`);
  out(`| poll / ideal | ${(pollMs / ideal).toFixed(2)} | within 1.2 |`);
  out(`| store writes during the poll | ${pollWrites} | 1 |`);
  out(`| peak memory of the bot process under the ack load | ${botMemory.toFixed(0)} MB (bare Bolt: ${bareMemory.toFixed(0)} MB) | < 200 MB |`);
  out(`| peak memory of the process running the poll (bot and fake Slack) | ${pollMemory.toFixed(0)} MB | < 200 MB |`);
  out(`| start-up to ready with ${SENDERS.toLocaleString('en')} senders (process start, incl. TypeScript load) | ${startupMs.toFixed(0)} ms (bare Bolt: ${bareStartupMs.toFixed(0)} ms) | |`);
  process.exit(0);
}

void main();
