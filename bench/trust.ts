/**
 * Speed under load, measured side by side in one run. The bot (compiled, as `npm start` runs
 * it), a bare Bolt app that only acks, and the Twilio simulator each run in their own process;
 * this one sends the load and plays Slack.
 *  - slash command and modal submission ack latency (p50, p99) at 50 concurrent requests with
 *    10,000 senders stored, as a ratio to the bare Bolt app. The two are measured in alternating
 *    rounds so that both meet the same machine noise;
 *  - one poll over 10,000 due senders against a simulator answering in a set latency: wall
 *    time against the ideal, store writes, peak memory (the poll runs in its own process);
 *  - start-up time to ready with 10,000 senders stored.
 * For looking into a figure: BENCH_NODE_ARGS adds node options to the bot (e.g. `--cpu-prof`);
 * BENCH_KINDS (e.g. `status`) sends only those kinds of request.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sid } from '../src/sandbox/sim-state.js';
import { type ChildBot, freePort, START_ARGS, startChildBot } from '../test/support/child-bot.js';
import { FakeSlack } from '../test/support/fake-slack.js';
import { BOT_TOKEN, SIGNING_SECRET, stateValues } from '../test/support/harness.js';
import { type Actor, interactionBody, postSigned, slashCommandBody, viewSubmissionPayload } from '../test/support/slack-requests.js';
import { load, loadAgent } from './load.js';

const NODE_OPTIONS = START_ARGS.slice(0, -1);
const BOT_ARGS = [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...START_ARGS];
const SENDERS = 10_000;
const CONCURRENCY = 50;
const ROUNDS = 8;
const REQUESTS_PER_ROUND = 250;
const LATENCY_MS = 25;
const POLL_CONCURRENCY = 50;
const ALICE: Actor = { user: 'U0ALICE', channel: 'C0ONBOARD' };
const out = (s: string) => process.stdout.write(`${s}\n`);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

async function startSim(env: Record<string, string>, dataFile: string, latencyMs: number): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/sim-child.ts', dataFile, String(SENDERS), String(latencyMs)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /ready (\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]!);
    }),
  );
  return { url, stop: () => child.kill('SIGKILL') };
}

async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** CPU time the process has used so far, in ms (user + system; /proc counts in ticks of 10 ms). */
async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function runChild(args: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  await new Promise((resolve) => child.on('exit', resolve));
  return text;
}

async function main() {
  const mainAccountSid = sid('AC');
  const authToken = `tok${sid('')}`;
  const twilioEnv = { TWILIO_ACCOUNT_SID: mainAccountSid, TWILIO_AUTH_TOKEN: authToken };
  const dir = await mkdtemp(join(tmpdir(), 'senders-bench-'));
  const slack = new FakeSlack(BOT_TOKEN);
  const slackApi = await slack.start();

  // 1. Ack latency: the bot with 10,000 senders stored, against Twilio answering at once.
  const ackSim = await startSim(twilioEnv, join(dir, 'ack.json'), 0);
  const env = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slackApi,
    TWILIO_BASE_URL: ackSim.url,
    DATA_FILE: join(dir, 'ack.json'),
    POLL_CRON: '0 0 1 1 *',
    ...twilioEnv,
  };
  const startT0 = performance.now();
  const bot = await startChildBot(env, await freePort(), BOT_ARGS);
  const startupMs = performance.now() - startT0;
  const bareT0 = performance.now();
  const bare = await startChildBot(env, await freePort(), ['bench/bare-bolt.js']);
  const bareStartupMs = performance.now() - bareT0;
  const url = (c: ChildBot) => `http://127.0.0.1:${c.port}/slack/events`;

  await postSigned(url(bot), SIGNING_SECRET, slashCommandBody('/senders', 'register', ALICE, slack.responseUrl()));
  await new Promise((r) => setTimeout(r, 500));
  const view = slack.viewFor(slack.callsOf('views.open').at(-1)!.args.__id);
  const kinds = {
    help: slashCommandBody('/senders', 'help', ALICE, slack.responseUrl()),
    status: slashCommandBody('/senders', 'status +14152000001', ALICE, slack.responseUrl()),
    submit: interactionBody(viewSubmissionPayload(view, stateValues(view, { phone: 'not a number', name: 'Acme Store' }), ALICE)),
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
        const latencies = await load({
          agent: agents[name],
          url: url(targets[name]),
          secret: SIGNING_SECRET,
          concurrency: CONCURRENCY,
          requests: REQUESTS_PER_ROUND,
          body: kinds[kind],
        });
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

  // 2. One poll over 10,000 due senders, Twilio answering in LATENCY_MS, in a process of its own.
  const pollFile = join(dir, 'poll.json');
  const pollSim = await startSim(twilioEnv, pollFile, LATENCY_MS);
  const poll = JSON.parse(
    await runChild(
      [
        ...NODE_OPTIONS,
        'bench/poll-child.js',
        JSON.stringify({ dataFile: pollFile, slackApi, twilioUrl: pollSim.url, accountSid: mainAccountSid, authToken, concurrency: POLL_CONCURRENCY }),
      ],
      { SLACK_BOT_TOKEN: BOT_TOKEN },
    ),
  ) as { checked: number; ms: number; writes: number; peakMb: number };
  const ideal = (SENDERS * LATENCY_MS) / POLL_CONCURRENCY;
  pollSim.stop();
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
  out(
    `| poll of ${poll.checked.toLocaleString('en')} due senders, ${LATENCY_MS} ms per Twilio request, ${POLL_CONCURRENCY} in flight | ${(poll.ms / 1000).toFixed(2)} s | |`,
  );
  out(`| ideal (senders x latency / in flight) | ${(ideal / 1000).toFixed(2)} s | |`);
  out(`| poll / ideal | ${(poll.ms / ideal).toFixed(2)} | within 1.2 |`);
  out(`| store writes during the poll | ${poll.writes} | 1 |`);
  out(`| peak memory of the bot under the ack load | ${botMemory.toFixed(0)} MB (bare Bolt: ${bareMemory.toFixed(0)} MB) | < 200 MB |`);
  out(`| peak memory of the bot during the poll | ${poll.peakMb.toFixed(0)} MB | < 200 MB |`);
  out(`| start-up to ready with ${SENDERS.toLocaleString('en')} senders | ${startupMs.toFixed(0)} ms (bare Bolt: ${bareStartupMs.toFixed(0)} ms) | |`);
  process.exit(0);
}

void main();
