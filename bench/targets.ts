/**
 * The targets of the lean-hot-paths issue, row by row, from what bench/trust.ts and
 * bench/scale.ts measured in this run (bench/results.ts): each row with the bot's figure, bare
 * Bolt's or the ideal beside it, the target, and whether it is met. A row whose measure was not
 * taken (a narrowed run: BENCH_KINDS, BENCH_SIZES, BENCH_STORES) says so.
 */
import { loadResults, type ScaleRow } from './results.js';

const out = (s: string) => process.stdout.write(`${s}\n`);
const ms = (v: number) => (v >= 1_000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`);
const met = (ok: boolean) => (ok ? 'yes' : 'no');
const NOT_MEASURED = 'not measured in this run';

const trust = loadResults('trust');
const scale = loadResults('scale');
/** A run whose registrations were not all stored in time says how many were refused. */
const notStored = (r: ScaleRow) => (r.notStoredInTime ? ` (${r.notStoredInTime} of 500 not stored in time)` : '');
const at = (store: ScaleRow['store'], size: number) => scale?.rows.find((r) => r.store === store && r.size === size);
const rows: string[][] = [];
const row = (measure: string, bot: string, beside: string, target: string, ok?: boolean) =>
  rows.push([measure, bot, beside, target, ok === undefined ? NOT_MEASURED : met(ok)]);
const missing = (measure: string, target: string, needs: string) => rows.push([measure, `(needs ${needs})`, '', target, NOT_MEASURED]);

/** A row of the bot's figure against bare Bolt's in the same run (by bench/trust.ts with `kind`), met when their ratio is within `limit`. */
function besideBareBolt(measure: string, kind: string, pair: { bot: number; bare: number } | undefined, limit: number): void {
  const target = `≤ ${limit}x`;
  if (!pair) {
    missing(measure, target, `bench/trust.ts with \`${kind}\``);
    return;
  }
  const ratio = pair.bot / pair.bare;
  row(measure, ms(pair.bot), `${ms(pair.bare)} (${ratio.toFixed(2)}x)`, target, ratio <= limit);
}
besideBareBolt('modal submission ack p99 (refused phone)', 'submit', trust?.submitAckP99, 1.2);
besideBareBolt('CPU per modal submission', 'submit', trust?.submitCpuMs, 1.3);

const statusCpu = trust?.statusCpuMs;
if (statusCpu) row('CPU per `status` (incl. its answer)', ms(statusCpu.bot), ms(statusCpu.bare), '≤ 2 ms', statusCpu.bot <= 2);
else missing('CPU per `status` (incl. its answer)', '≤ 2 ms', 'bench/trust.ts with `status`');

const burst = trust?.statusAnswersAfterLastAckMs;
if (trust && burst !== undefined) {
  const ideal = (trust.burst * trust.twilioLatencyMs) / trust.twilioConcurrency;
  row(
    `all answers of a ${trust.burst}-command \`status\` burst posted after the last ack`,
    ms(burst),
    `${ms(ideal)} ideal (${trust.burst} fetches at ${trust.twilioLatencyMs} ms, ${trust.twilioConcurrency} in flight; ${(burst / ideal).toFixed(2)}x)`,
    '≤ 2x the ideal',
    burst <= 2 * ideal,
  );
} else missing('all answers of a `status` burst posted after the last ack', '≤ 2x the ideal', 'bench/trust.ts with `status`');

for (const [store, name] of [
  ['lowdb', 'data file'],
  ['postgres', 'PostgreSQL'],
] as const) {
  const small = at(store, 10_000);
  const measure = `registration accepted and stored, ack p50 / p99 at 50 in flight, 10k senders, ${name}`;
  if (small) row(measure, `${ms(small.ackP50)} / ${ms(small.ackP99)}${notStored(small)}`, '', 'p99 ≤ 150 ms', small.ackP99 <= 150 && !small.notStoredInTime);
  else missing(measure, 'p99 ≤ 150 ms', `bench/scale.ts with ${store} at 10000`);
  if (store === 'postgres') {
    const large = at(store, 300_000);
    const measure300k = 'PostgreSQL ack p99 at 300k / at 10k';
    if (small && large)
      row(
        measure300k,
        `${(large.ackP99 / small.ackP99).toFixed(2)}x${notStored(large)}`,
        `${ms(large.ackP99)} / ${ms(small.ackP99)}`,
        '≤ 1.1x',
        large.ackP99 / small.ackP99 <= 1.1 && !large.notStoredInTime && !small.notStoredInTime,
      );
    else missing(measure300k, '≤ 1.1x', 'bench/scale.ts with postgres at 10000 and 300000');
  }
}

for (const size of [10_000, 100_000, 300_000])
  for (const [store, name] of [
    ['lowdb', 'data file'],
    ['postgres', 'PostgreSQL'],
  ] as const) {
    const r = at(store, size);
    const measure = `poll of every due sender / ideal, ${size / 1000}k, ${name}`;
    if (r) row(measure, `${(r.pollMs / r.idealPollMs).toFixed(2)} (${ms(r.pollMs)})`, `1.00 (${ms(r.idealPollMs)})`, '≤ 1.10', r.pollMs / r.idealPollMs <= 1.1);
    else missing(measure, '≤ 1.10', `bench/scale.ts with ${store} at ${size}`);
  }

for (const [store, name, target] of [
  ['lowdb', 'data file', 180],
  ['postgres', 'PostgreSQL', 150],
] as const) {
  const r = at(store, 10_000);
  const measure = `peak RSS under ack load, 10k, ${name}`;
  const bare = trust ? `bare Bolt ${trust.peakRssMb.bare.toFixed(0)} MB` : 'bare Bolt not measured';
  if (r) row(measure, `${r.botPeakMb.toFixed(0)} MB`, bare, `≤ ${target} MB`, r.botPeakMb <= target);
  else missing(measure, `≤ ${target} MB`, `bench/scale.ts with ${store} at 10000`);
}

const big = at('lowdb', 100_000);
if (big) row('data file at 100k senders: registration ack p99', `${ms(big.ackP99)}${notStored(big)}`, '', '≤ 1 s', big.ackP99 <= 1_000 && !big.notStoredInTime);
else missing('data file at 100k senders: registration ack p99', '≤ 1 s', 'bench/scale.ts with lowdb at 100000');

out(
  `The issue's targets (measured ${[trust && `by bench/trust.ts at ${trust.at}`, scale && `by bench/scale.ts at ${scale.at}`].filter(Boolean).join(', ') || 'by neither part'})\n`,
);
out('| measure | this bot | bare Bolt / ideal | target | met |');
out('| --- | --- | --- | --- | --- |');
for (const r of rows) out(`| ${r.join(' | ')} |`);
