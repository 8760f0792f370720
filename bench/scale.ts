/**
 * The two stores side by side at 10,000, 100,000 and 300,000 senders stored (BENCH_SIZES picks
 * others, BENCH_STORES one store). For each store and size, the bot runs compiled, as `npm start`
 * runs it, against the Twilio simulator in its own process:
 *  - start-up to ready;
 *  - registration submissions (each a new number, stored before the ack) at 50 concurrent: ack
 *    p50 and p99;
 *  - one poll of every due sender (all of them are due) in a process of its own: wall time
 *    against the ideal, the time it waited on the store, its peak memory;
 *  - the bot's peak memory (RSS) over both.
 * PostgreSQL runs at BENCH_DATABASE_URL (default: the tests' server), in a schema per size.
 * BENCH_NODE_ARGS adds node options to the bot, under submissions and in the poll (e.g. `--cpu-prof`).
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { DEFAULT_ACK_DEADLINE_MS } from '../src/bot.js';
import { silentLogger } from '../src/logger.js';
import { MAIN_ACCOUNT } from '../src/senders/registration/form.js';
import { quoteIdentifier } from '../src/store/postgres/connection.js';
import { importDataFile } from '../src/store/postgres/import-data-file.js';
import { openPostgresStore } from '../src/store/postgres/store.js';
import { freePort, START_ARGS, startChildBot } from '../test/support/child-bot.js';
import { FakeSlack } from '../test/support/fake-slack.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../test/support/harness.js';
import { load, loadAgent } from './load.js';
import { cpuMs, peakRssMb, percentile, runChild, startSim } from './processes.js';
import { openRegistrationForm, submissionBody } from './registration-form.js';
import { saveResults } from './results.js';
import { accountCount, MAIN_ACCOUNT_SID, MAIN_AUTH_TOKEN, seedDataFile } from './seed.js';

type StoreKind = 'lowdb' | 'postgres';

const BOT_ARGS = [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...START_ARGS];
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,300000').split(',').map(Number);
const STORES = (process.env.BENCH_STORES ?? 'lowdb,postgres').split(',') as StoreKind[];
const DATABASE_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const CONCURRENCY = 50;
const WARM_UP = 100;
const SUBMISSIONS = 500;
const LATENCY_MS = 25;
const POLL_CONCURRENCY = 50;
const out = (s: string) => process.stdout.write(`${s}\n`);
const ACK_DEADLINE_TEXT = `${DEFAULT_ACK_DEADLINE_MS / 1000} s`;

interface Result {
  store: StoreKind;
  size: number;
  importMs?: number;
  startupMs: number;
  ack: number[];
  /** Submissions not acked in time (Bolt answers 404 after 3 s), out of SUBMISSIONS. */
  refused: number;
  /** Submissions answered "cannot save right now … in time": not stored within the ack deadline, out of SUBMISSIONS. */
  notStoredInTime: number;
  /** The same among the WARM_UP submissions. */
  warmUpNotStoredInTime: number;
  botPeakMb: number;
  poll: { checked: number; failures: number; ms: number; cpuMs: number; simCpuMs: number; storeMs: number; peakMb: number };
}

/** The schema's URL the libpq way, as DATABASE_URL names one (see src/store/postgres/connection.ts). */
const schemaUrl = (schema: string) => `${DATABASE_URL}${DATABASE_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

/** An empty schema holding the seeded data file, imported the way `npm run import-data-file` does it. */
async function seedPostgres(seedFile: string, schema: string): Promise<number> {
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
  await admin.end();
  const store = await openPostgresStore(schemaUrl(schema), { schema, logger: silentLogger });
  const t0 = performance.now();
  await importDataFile(seedFile, store);
  const ms = performance.now() - t0;
  await store.close();
  return ms;
}

/**
 * `count` registration submissions, each a new number (one range per run, so no run meets
 * another's numbers), in the main account: with customers stored the form has no account picked
 * at first, and a submission without one is refused before anything is stored.
 */
function submissions(view: unknown, run: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    submissionBody(view, { customer: MAIN_ACCOUNT, phone: `+1415${3 + run}${String(i).padStart(6, '0')}`, name: `Bench ${run}-${i} Store` }),
  );
}

/** The senders stored once the bot has stopped: the seeded ones and every registration accepted. */
async function storedSenders(store: StoreKind, dataFile: string, schema: string): Promise<number> {
  if (store === 'lowdb') return (JSON.parse(await readFile(dataFile, 'utf8')) as { senders: unknown[] }).senders.length;
  const client = new pg.Client({ connectionString: schemaUrl(schema) });
  await client.connect();
  try {
    return Number((await client.query<{ count: string }>('SELECT count(*) FROM senders')).rows[0]!.count);
  } finally {
    await client.end();
  }
}

async function measure(
  store: StoreKind,
  size: number,
  run: number,
  dir: string,
  seedFile: string,
  sim: { url: string; pid: number },
  slack: FakeSlack,
  slackApi: string,
): Promise<Result> {
  const schema = `bench_${size}`;
  const dataFile = join(dir, `${store}-${size}.json`);
  let importMs: number | undefined;
  if (store === 'lowdb') await copyFile(seedFile, dataFile);
  else importMs = await seedPostgres(seedFile, schema);
  const databaseUrl = store === 'postgres' ? schemaUrl(schema) : undefined;
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slackApi,
    TWILIO_BASE_URL: sim.url,
    TWILIO_ACCOUNT_SID: MAIN_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: MAIN_AUTH_TOKEN,
    DATA_FILE: dataFile,
    POLL_CRON: '0 0 1 1 *',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  const t0 = performance.now();
  const bot = await startChildBot(env, await freePort(), BOT_ARGS, 120_000);
  const startupMs = performance.now() - t0;
  const url = `http://127.0.0.1:${bot.port}/slack/events`;
  const view = await openRegistrationForm(slack, url);
  const bodies = submissions(view, run, WARM_UP + SUBMISSIONS);
  const agent = loadAgent(CONCURRENCY);
  const common = { agent, url, secret: SIGNING_SECRET, concurrency: CONCURRENCY };
  const warmUp = await load({ ...common, requests: WARM_UP, body: bodies.slice(0, WARM_UP) });
  const { times: ack, refused, formErrors } = await load({ ...common, requests: SUBMISSIONS, body: bodies.slice(WARM_UP) });
  agent.destroy();
  const botPeakMb = await peakRssMb(bot.process.pid!);
  bot.process.kill('SIGTERM');
  await bot.exited;
  // A registration refused because it could not be stored in time is a measure of the store; any other refusal means the benchmark measured something else.
  const inTime = (errors: string) => /cannot save right now.*in time/.test(errors);
  const otherRefusal = [...warmUp.formErrors, ...formErrors].find((errors) => !inTime(errors));
  if (otherRefusal) throw new Error(`a registration was refused, so the benchmark measured refusals: ${otherRefusal}`);
  const notStoredInTime = formErrors.length;
  const stored = await storedSenders(store, dataFile, schema);
  if (stored !== size + WARM_UP + SUBMISSIONS - warmUp.formErrors.length - notStoredInTime)
    throw new Error(
      `${stored - size} of the ${WARM_UP + SUBMISSIONS} registrations were stored, but ${warmUp.formErrors.length + notStoredInTime} were refused`,
    );

  const simCpuBefore = await cpuMs(sim.pid);
  const poll = JSON.parse(
    await runChild(
      [
        ...BOT_ARGS.slice(0, -1),
        'bench/poll-child.js',
        JSON.stringify({
          dataFile,
          databaseUrl,
          slackApi,
          twilioUrl: sim.url,
          accountSid: MAIN_ACCOUNT_SID,
          authToken: MAIN_AUTH_TOKEN,
          concurrency: POLL_CONCURRENCY,
        }),
      ],
      { SLACK_BOT_TOKEN: BOT_TOKEN },
    ),
  ) as Result['poll'];
  poll.simCpuMs = (await cpuMs(sim.pid)) - simCpuBefore;
  if (store === 'lowdb') await rm(dataFile, { force: true });
  const result = { store, size, importMs, startupMs, ack, refused, notStoredInTime, warmUpNotStoredInTime: warmUp.formErrors.length, botPeakMb, poll };
  process.stderr.write(`${JSON.stringify({ ...result, ack: { p50: percentile(ack, 50), p99: percentile(ack, 99) } })}\n`);
  return result;
}

/** The Twilio requests a poll must make (one fetch per sender, one token fetch per subaccount), `POLL_CONCURRENCY` at a time. */
const idealPollMs = (size: number) => ((size + accountCount(size)) * LATENCY_MS) / POLL_CONCURRENCY;

function report(results: Result[]) {
  const cell = (r: Result | undefined, show: (r: Result) => string) => (r ? show(r) : '');
  const columns = STORES.flatMap((store) => SIZES.map((size) => ({ store, size })));
  const find = (c: { store: StoreKind; size: number }) => results.find((r) => r.store === c.store && r.size === c.size);
  const name = (store: StoreKind) => (store === 'lowdb' ? 'lowdb' : 'PostgreSQL');
  out(
    `Both stores at ${SIZES.map((s) => s.toLocaleString('en')).join(' / ')} senders stored (in ${SENDERS_TEXT}; 100 customers); Node ${process.version}, ${CONCURRENCY} submissions in flight, Twilio at ${LATENCY_MS} ms a request, ${POLL_CONCURRENCY} in flight in a poll\n`,
  );
  out(`| measure | ${columns.map((c) => `${name(c.store)} ${c.size.toLocaleString('en')}`).join(' | ')} |`);
  out(`| --- | ${columns.map(() => '---').join(' | ')} |`);
  const row = (label: string, show: (r: Result) => string) => out(`| ${label} | ${columns.map((c) => cell(find(c), show)).join(' | ')} |`);
  const s = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 1_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
  row('registration ack p50', (r) => s(percentile(r.ack, 50)));
  row('registration ack p99', (r) => s(percentile(r.ack, 99)));
  row(`submissions not acked within Slack's 3 s (of ${SUBMISSIONS})`, (r) => String(r.refused));
  row(
    `submissions answered "cannot save right now" (not stored by the ${ACK_DEADLINE_TEXT} deadline; of ${SUBMISSIONS}, and of the ${WARM_UP} warm-up)`,
    (r) => `${r.notStoredInTime} (${r.warmUpNotStoredInTime})`,
  );
  row('poll of every due sender', (r) => `${s(r.poll.ms)} (${r.poll.checked.toLocaleString('en')} checked)`);
  row('ideal poll', (r) => s(idealPollMs(r.size)));
  row('poll / ideal', (r) => (r.poll.ms / idealPollMs(r.size)).toFixed(2));
  row('store time in the poll', (r) => s(r.poll.storeMs));
  row('CPU during the poll: bot / Twilio simulator', (r) => `${s(r.poll.cpuMs)} / ${s(r.poll.simCpuMs)}`);
  row('peak RSS: bot under submissions / poll', (r) => `${r.botPeakMb.toFixed(0)} / ${r.poll.peakMb.toFixed(0)} MB`);
  row('start-up to ready', (r) => s(r.startupMs));
  row('import of the data file', (r) => (r.importMs === undefined ? '' : s(r.importMs)));
  out('');
  const pgAt = (size: number) => results.find((r) => r.store === 'postgres' && r.size === size);
  const [small, large] = [pgAt(Math.min(...SIZES)), pgAt(Math.max(...SIZES))];
  if (!small || !large || small === large) return;
  const ackRatio = percentile(large.ack, 99) / percentile(small.ack, 99);
  const peak = Math.max(large.botPeakMb, large.poll.peakMb);
  const pollRatio = Math.max(...results.filter((r) => r.store === 'postgres').map((r) => r.poll.ms / idealPollMs(r.size)));
  out('| PostgreSQL target | measured | met |');
  out('| --- | --- | --- |');
  out(
    `| ack p99 at ${large.size.toLocaleString('en')} within 1.5x of ${small.size.toLocaleString('en')} | ${ackRatio.toFixed(2)}x | ${ackRatio <= 1.5 ? 'yes' : 'no'} |`,
  );
  out(`| peak RSS at ${large.size.toLocaleString('en')} under 250 MB | ${peak.toFixed(0)} MB | ${peak < 250 ? 'yes' : 'no'} |`);
  out(`| poll within 1.2x of the ideal (worst size) | ${pollRatio.toFixed(2)}x | ${pollRatio <= 1.2 ? 'yes' : 'no'} |`);
}

const SENDERS_TEXT = 'subaccounts of 10 senders each';

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'senders-scale-'));
  const slack = new FakeSlack(BOT_TOKEN);
  const slackApi = await slack.start();
  const results: Result[] = [];
  let run = 0;
  for (const size of SIZES) {
    const seedFile = join(dir, `seed-${size}.json`);
    await writeFile(seedFile, seedDataFile(size));
    const sim = await startSim(size, LATENCY_MS);
    try {
      for (const store of STORES) {
        process.stderr.write(`${store} at ${size.toLocaleString('en')} senders…\n`);
        results.push(await measure(store, size, run++, dir, seedFile, sim, slack, slackApi));
      }
    } finally {
      sim.stop();
      await rm(seedFile, { force: true });
    }
  }
  await slack.stop();
  report(results);
  saveResults('scale', {
    at: new Date().toISOString(),
    rows: results.map((r) => ({
      store: r.store,
      size: r.size,
      ackP50: percentile(r.ack, 50),
      ackP99: percentile(r.ack, 99),
      notStoredInTime: r.notStoredInTime,
      pollMs: r.poll.ms,
      idealPollMs: idealPollMs(r.size),
      botPeakMb: r.botPeakMb,
    })),
  });
  process.exit(0);
}

void main();
