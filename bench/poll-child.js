/**
 * One poll over every due sender, in a process of its own running the compiled bot, so that its
 * peak memory is the bot's alone. Prints one JSON line: senders checked, wall time, the time the
 * poll spent waiting on the store (while any store call was under way), the CPU it used, peak RSS.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createBot } from '../dist/bot.js';
import { silentLogger } from '../dist/logger.js';
import { DEFAULT_WATCH } from '../dist/senders/watch/schedule.js';
import { REPO_NAMES } from '../dist/store/lazy-repos.js';

const { dataFile, databaseUrl, slackApi, twilioUrl, accountSid, authToken, concurrency } = JSON.parse(process.argv[2]);
const bot = await createBot({
  slack: { botToken: process.env.SLACK_BOT_TOKEN, apiUrl: slackApi, mode: 'http', signingSecret: 'unused', port: 0 },
  twilio: { accountSid, username: accountSid, password: authToken, baseUrl: twilioUrl },
  dataFile,
  store: databaseUrl ? { kind: 'postgres', databaseUrl } : { kind: 'lowdb' },
  slashCommand: '/senders',
  settings: { resendMinMinutes: 3, maxResends: 5, sendersMinIntervalMs: 180_000, bulkNameFirst: true },
  watch: { ...DEFAULT_WATCH, concurrency, codeReminderMs: 10 ** 12 },
  logger: silentLogger,
});

let storeMs = 0;
let inFlight = 0;
let since = 0;
const timed = (call) =>
  async function (...args) {
    if (inFlight++ === 0) since = performance.now();
    try {
      return await call.apply(this, args);
    } finally {
      if (--inFlight === 0) storeMs += performance.now() - since;
    }
  };
for (const name of REPO_NAMES) {
  const repository = bot.store[name];
  for (const method of Object.getOwnPropertyNames(Object.getPrototypeOf(repository))) {
    if (method !== 'constructor' && typeof repository[method] === 'function') repository[method] = timed(repository[method]);
  }
}
bot.store.atomically = timed(bot.store.atomically);

const t0 = performance.now();
const cpu0 = process.cpuUsage();
const report = await bot.poller.runOnce();
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
await bot.store.flush();
const peakMb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
process.stdout.write(`${JSON.stringify({ checked: report.checked, failures: report.failures, ms, cpuMs, storeMs, peakMb })}\n`);
process.exit(0);
