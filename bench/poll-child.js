/**
 * One poll over every stored sender, in a process of its own running the compiled bot, so that
 * its peak memory is the bot's alone. Prints one JSON line: wall time, store writes, peak RSS.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createBot } from '../dist/bot.js';
import { silentLogger } from '../dist/logger.js';
import { DEFAULT_WATCH } from '../dist/senders/watch-schedule.js';

const { dataFile, slackApi, twilioUrl, accountSid, authToken, concurrency } = JSON.parse(process.argv[2]);
const bot = await createBot({
  slack: { botToken: process.env.SLACK_BOT_TOKEN, apiUrl: slackApi, mode: 'http', signingSecret: 'unused', port: 0 },
  twilio: { accountSid, username: accountSid, password: authToken, baseUrl: twilioUrl },
  dataFile,
  slashCommand: '/senders',
  settings: { resendMinMinutes: 3, maxResends: 5, sendersMinIntervalMs: 180_000, bulkNameFirst: true },
  watch: { ...DEFAULT_WATCH, concurrency, codeReminderMs: 10 ** 12 },
  logger: silentLogger,
});
let writes = 0;
const write = bot.store.write.bind(bot.store);
bot.store.write = () => {
  writes += 1;
  return write();
};
const t0 = performance.now();
const report = await bot.poller.runOnce();
const ms = performance.now() - t0;
const peakMb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
process.stdout.write(`${JSON.stringify({ checked: report.checked, ms, writes, peakMb })}\n`);
process.exit(0);
