import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../support/child-bot.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/harness.js';
import { runCleanup, startBot, submitRegistration, processWorld as world } from '../support/process-world.js';
import { until } from '../support/until.js';
import { parseMetrics, type Sample, sampleValue, sumOf } from './metrics-text.js';

afterEach(runCleanup);

describe('the bot process as operators see it', () => {
  it('serves /healthz, /readyz and /metrics on PORT, and writes its log as JSON lines with no secret', async () => {
    const w = await world({ LOG_LEVEL: 'info' });
    const bot = await startBot(w.env, await freePort());
    await submitRegistration(bot, w.slack, '+14155550100');
    const base = `http://127.0.0.1:${bot.port}`;

    expect(await (await fetch(`${base}/healthz`)).text()).toBe('ok');
    const readiness = await fetch(`${base}/readyz`);
    expect([readiness.status, await readiness.text()]).toEqual([200, 'ready\n']);
    let samples: Sample[] = [];
    await until(
      async () => {
        samples = parseMetrics(await (await fetch(`${base}/metrics`)).text());
        return (sampleValue(samples, 'senders_bot_poll_duration_seconds_count') ?? 0) > 0;
      },
      10_000,
      'a poll to be measured',
    );
    expect(sumOf(samples, 'senders_bot_senders_by_state')).toBe(1);
    expect(sampleValue(samples, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);

    bot.process.kill('SIGTERM');
    await bot.exited;
    const lines = bot.output.join('').split('\n').filter(Boolean);
    const events = lines.map((line) => JSON.parse(line) as { level: string; time: string; msg: string });
    expect(events.some((e) => e.level === 'info' && e.msg.startsWith('bot ready'))).toBe(true);
    expect(events.some((e) => e.msg === 'SIGTERM: stopping')).toBe(true);
    for (const event of events) expect(Number.isNaN(Date.parse(event.time))).toBe(false);
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, w.authToken]) expect(lines.join('\n')).not.toContain(secret);
  }, 60_000);
});
