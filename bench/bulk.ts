/**
 * `npm run bench`: bulk registration measured against the simulator with a simulated clock.
 *  - makespan of a run of 1,000 rows over 50 customers against the pacing bound;
 *  - time to check a 10,000-row CSV file.
 */
import { performance } from 'node:perf_hooks';
import { parseBulkCsv } from '../src/senders/bulk/csv.js';
import { checkBulkRows } from '../src/senders/bulk/rows.js';
import { confirm, seedCustomers, uploadCsv } from '../test/bulk/support.js';
import { startHarness } from '../test/support/harness.js';

const MINUTE = 60_000;
const INTERVAL = 3 * MINUTE;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function makespan(accounts: number, rowsPerAccount: number) {
  const h = await startHarness({ sendersMinIntervalMs: INTERVAL });
  try {
    const customers = await seedCustomers(h, accounts);
    const rows = customers.flatMap((c, i) =>
      Array.from({ length: rowsPerAccount }, (_, j) => `${c.name},+1415${String(2000000 + i * 100 + j)},Brand ${i}-${j} Store`),
    );
    const { viewId } = await uploadCsv(h, ['customer,phone_number,display_name', ...rows].join('\n'));
    const wallStart = performance.now();
    const start = h.clock.now();
    await confirm(h, viewId);
    await h.drainQueue();
    const creates = h.sim.requestsOf('CreateChannelsSender');
    const last = Math.max(...creates.map((r) => r.at));
    return { rows: creates.length, makespanMs: last - start, boundMs: (rowsPerAccount - 1) * INTERVAL, wallMs: performance.now() - wallStart };
  } finally {
    await h.stop();
  }
}

function checkTime(rows: number) {
  const mainAccountSid = `AC${'0'.repeat(32)}`;
  const customers = Array.from({ length: 100 }, (_, i) => ({
    id: `c${i}`,
    name: `Customer ${i}`,
    accountSid: `AC${String(i + 1).padStart(32, '0')}`,
    createdBySlackUser: 'U',
    createdAt: '',
    createdSubaccount: false,
  }));
  const csv = [
    'customer,phone_number,display_name,verification_method,emails,websites',
    ...Array.from(
      { length: rows },
      (_, i) =>
        `Customer ${i % 100},+1 415 ${String(2000000 + i).slice(0, 3)} ${String(2000000 + i).slice(3)},Brand ${i} Store,sms,hello${i}@example.com,https://brand${i}.example`,
    ),
  ].join('\n');
  const times: number[] = [];
  let ready = 0;
  for (let run = 0; run < 5; run += 1) {
    const t0 = performance.now();
    const parsed = parseBulkCsv(csv);
    if (!parsed.ok) throw new Error(parsed.message);
    ready = checkBulkRows(parsed.rows, { command: '/senders', customers, mainAccountSid, senders: [], accountWabas: {} }).ready.length;
    times.push(performance.now() - t0);
  }
  return { rows, ready, bytes: csv.length, medianMs: median(times), minMs: Math.min(...times) };
}

async function main() {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out('Bulk registration benchmark (Twilio simulator, simulated clock, SENDERS_MIN_INTERVAL = 3 min)\n');
  const run = await makespan(50, 20);
  out('| measure | value |');
  out('| --- | --- |');
  out(`| rows sent | ${run.rows} over 50 customers (20 each) |`);
  out(`| makespan (confirm to last create) | ${(run.makespanMs / MINUTE).toFixed(1)} min |`);
  out(`| pacing bound ((20 - 1) x 3 min, the least possible) | ${(run.boundMs / MINUTE).toFixed(1)} min |`);
  out(`| makespan / bound | ${(run.makespanMs / run.boundMs).toFixed(3)} |`);
  out(`| wall time to simulate the run | ${(run.wallMs / 1000).toFixed(1)} s |`);
  const check = checkTime(10_000);
  out(
    `| check of a ${check.rows.toLocaleString('en')}-row CSV (${(check.bytes / 1024).toFixed(0)} KiB), median of 5 | ${check.medianMs.toFixed(0)} ms (best ${check.minMs.toFixed(0)} ms; ${check.ready} rows ready) |`,
  );
}

void main();
