/**
 * Speed under load, measured side by side in one run. The bot (compiled, as `npm start` runs
 * it), a bare Bolt app that only acks, and the Twilio simulator each run in their own process;
 * this one sends the load and plays Slack.
 *  - slash command and modal submission ack latency (p50, p99) at 50 concurrent requests with
 *    10,000 senders stored, as a ratio to the bare Bolt app. The two are measured in alternating
 *    rounds so that both meet the same machine noise;
 *  - peak memory under that load.
 * Polls, start-up and the store's size are measured by bench/scale.ts.
 * For looking into a figure: BENCH_NODE_ARGS adds node options to the bot (e.g. `--cpu-prof`);
 * BENCH_KINDS (e.g. `status`) sends only those kinds of request.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type ChildBot, freePort, START_ARGS, startChildBot } from '../test/support/child-bot.js';
import { FakeSlack } from '../test/support/fake-slack.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../test/support/harness.js';
import { slashCommandBody } from '../test/support/slack-requests.js';
import { load, loadAgent } from './load.js';
import { cpuMs, peakRssMb, percentile, startSim } from './processes.js';
import { ALICE, openRegistrationForm, submissionBody } from './registration-form.js';
import { saveResults } from './results.js';
import { MAIN_ACCOUNT_SID, MAIN_AUTH_TOKEN, seedDataFile } from './seed.js';

const BOT_ARGS = [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...START_ARGS];
const SENDERS = 10_000;
const CONCURRENCY = 50;
const ROUNDS = 8;
const REQUESTS_PER_ROUND = 250;
/** Twilio's answer time, as in bench/scale.ts: a `status` burst's answers wait on it (the bot sends at most 50 requests at once). */
const TWILIO_LATENCY_MS = 25;
const TWILIO_CONCURRENCY = 50;
const out = (s: string) => process.stdout.write(`${s}\n`);

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'senders-bench-'));
  const slack = new FakeSlack(BOT_TOKEN);
  const slackApi = await slack.start();

  // The bot with 10,000 senders stored, against Twilio answering in 25 ms.
  await writeFile(join(dir, 'ack.json'), seedDataFile(SENDERS));
  const ackSim = await startSim(SENDERS, TWILIO_LATENCY_MS);
  const env = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slackApi,
    TWILIO_BASE_URL: ackSim.url,
    DATA_FILE: join(dir, 'ack.json'),
    POLL_CRON: '0 0 1 1 *',
    TWILIO_ACCOUNT_SID: MAIN_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: MAIN_AUTH_TOKEN,
  };
  const bot = await startChildBot(env, await freePort(), BOT_ARGS);
  const bare = await startChildBot(env, await freePort(), ['bench/bare-bolt.js']);
  const url = (c: ChildBot) => `http://127.0.0.1:${c.port}/slack/events`;

  const view = await openRegistrationForm(slack, url(bot));
  const kinds = {
    help: slashCommandBody('/senders', 'help', ALICE, slack.responseUrl()),
    status: slashCommandBody('/senders', 'status +14152000001', ALICE, slack.responseUrl()),
    submit: submissionBody(view, { phone: 'not a number', name: 'Acme Store' }),
  };
  type Kind = keyof typeof kinds;
  const times = { bot: { help: [], status: [], submit: [] }, bare: { help: [], status: [], submit: [] } } as Record<'bot' | 'bare', Record<Kind, number[]>>;
  const answerWaits: number[] = [];
  const cpu = { bot: { help: 0, status: 0, submit: 0 }, bare: { help: 0, status: 0, submit: 0 } } as Record<'bot' | 'bare', Record<Kind, number>>;
  const targets = { bot, bare };
  const agents = { bot: loadAgent(CONCURRENCY), bare: loadAgent(CONCURRENCY) };
  const kindsSent = (Object.keys(kinds) as Kind[]).filter((k) => !process.env.BENCH_KINDS || process.env.BENCH_KINDS.split(',').includes(k));
  for (let round = 0; round <= ROUNDS; round++) {
    for (const kind of kindsSent) {
      for (const name of round % 2 ? (['bot', 'bare'] as const) : (['bare', 'bot'] as const)) {
        const answersBefore = slack.responses.length;
        const cpuBefore = await cpuMs(targets[name].process.pid!);
        const { times: latencies, refused } = await load({
          agent: agents[name],
          url: url(targets[name]),
          secret: SIGNING_SECRET,
          concurrency: CONCURRENCY,
          requests: REQUESTS_PER_ROUND,
          body: kinds[kind],
        });
        if (refused > 0) throw new Error(`${refused} requests to ${name} were not answered with 200`);
        // Round 0 warms both up and is not counted.
        if (round > 0) times[name][kind].push(...latencies);
        if (name === 'bot' && kind === 'status') {
          // The bot answers each status on the response URL after its ack; the next round starts once all have come.
          const acked = performance.now();
          while (slack.responses.length - answersBefore < REQUESTS_PER_ROUND) await new Promise((r) => setTimeout(r, 5));
          if (round > 0) answerWaits.push(performance.now() - acked);
        }
        if (round > 0) cpu[name][kind] += (await cpuMs(targets[name].process.pid!)) - cpuBefore;
      }
    }
  }
  const botMemory = await peakRssMb(bot.process.pid!);
  const bareMemory = await peakRssMb(bare.process.pid!);
  for (const c of [bot, bare]) c.process.kill('SIGTERM');
  await Promise.all([bot.exited, bare.exited]);
  if (process.env.BENCH_NODE_ARGS) process.stderr.write(bot.output.join(''));
  ackSim.stop();

  await slack.stop();

  const requests = ROUNDS * REQUESTS_PER_ROUND;
  out(
    `Speed under load (${SENDERS.toLocaleString('en')} senders stored; ${requests} requests of each kind at ${CONCURRENCY} concurrent, in ${ROUNDS} alternating rounds; Node ${process.version})\n`,
  );
  out('| measure | this bot | bare Bolt (ack only) | ratio | target |');
  out('| --- | --- | --- | --- | --- |');
  const row = (name: string, kind: Kind, p: number) => {
    const [a, b] = [percentile(times.bot[kind], p), percentile(times.bare[kind], p)];
    out(`| ${name} p${p} | ${a.toFixed(1)} ms | ${b.toFixed(1)} ms | ${(a / b).toFixed(2)} | ${p === 99 ? '< 50 ms, within 1.5x' : ''} |`);
  };
  for (const [name, kind] of [
    ['slash command ack (`help`, answered in the ack)', 'help'],
    ['slash command ack (`status`, which then asks Twilio)', 'status'],
    ['modal submission ack (refused phone number)', 'submit'],
  ] as const) {
    if (!kindsSent.includes(kind)) continue;
    row(name, kind, 50);
    row(name, kind, 99);
    const [a, b] = [cpu.bot[kind] / times.bot[kind].length, cpu.bare[kind] / times.bare[kind].length];
    out(`| ${name}, CPU per request${kind === 'status' ? ' (incl. the answer)' : ''} | ${a.toFixed(2)} ms | ${b.toFixed(2)} ms | ${(a / b).toFixed(2)} | |`);
  }
  out('');
  out('| measure | value | target |');
  out('| --- | --- | --- |');
  if (answerWaits.length)
    out(
      `| every answer of a ${REQUESTS_PER_ROUND}-command \`status\` burst posted, after the last ack (median of ${ROUNDS}) | ${(percentile(answerWaits, 50) / 1000).toFixed(2)} s | |`,
    );
  out(`| peak memory of the bot under this load | ${botMemory.toFixed(0)} MB (bare Bolt: ${bareMemory.toFixed(0)} MB) | < 200 MB |`);
  const perRequest = (kind: Kind) =>
    kindsSent.includes(kind) ? { bot: cpu.bot[kind] / times.bot[kind].length, bare: cpu.bare[kind] / times.bare[kind].length } : undefined;
  saveResults('trust', {
    at: new Date().toISOString(),
    senders: SENDERS,
    twilioLatencyMs: TWILIO_LATENCY_MS,
    twilioConcurrency: TWILIO_CONCURRENCY,
    burst: REQUESTS_PER_ROUND,
    submitAckP99: kindsSent.includes('submit') ? { bot: percentile(times.bot.submit, 99), bare: percentile(times.bare.submit, 99) } : undefined,
    submitCpuMs: perRequest('submit'),
    statusCpuMs: perRequest('status'),
    statusAnswersAfterLastAckMs: answerWaits.length ? percentile(answerWaits, 50) : undefined,
    peakRssMb: { bot: botMemory, bare: bareMemory },
  });
  process.exit(0);
}

void main();
