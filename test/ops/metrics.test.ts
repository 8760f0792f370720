import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { record, register } from '../support/flows.js';
import { type Harness, harnessPerTest } from '../support/harness.js';
import { stored } from '../support/stored.js';
import { until } from '../support/until.js';
import { onlineSender } from '../watcher/support.js';
import { parseMetrics, sampleValue, sumOf } from './metrics-text.js';

const start = harnessPerTest();
const MINUTE = 60_000;

async function scrape(h: Harness) {
  const response = await fetch(new URL('/metrics', h.url));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const text = await response.text();
  return { text, samples: parseMetrics(text) };
}

describe('GET /metrics', () => {
  it('counts an ONLINE sender by status and quality, and shows how long polls take and how many senders they checked', async () => {
    const h = await start({ delays: { creatingMs: 1_000, verifyingMs: MINUTE, offlineMs: MINUTE } });
    await onlineSender(h, '+14155550100');

    const { samples } = await scrape(h);
    expect(sampleValue(samples, 'senders_bot_senders', { status: 'ONLINE', quality: 'HIGH' })).toBe(1);
    expect(sampleValue(samples, 'senders_bot_senders_by_state', { state: 'online' })).toBe(1);
    const polls = sampleValue(samples, 'senders_bot_poll_duration_seconds_count')!;
    expect(polls).toBe(10);
    expect(sampleValue(samples, 'senders_bot_poll_duration_seconds_sum')).toBeGreaterThanOrEqual(0);
    expect(sampleValue(samples, 'senders_bot_poll_senders_checked_total')).toBeGreaterThanOrEqual(2);
    expect(sampleValue(samples, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    // When the last poll completed, on the bot's clock, so an alert can fire when polls stop.
    expect(sampleValue(samples, 'senders_bot_last_poll_completed_timestamp_seconds')).toBe(h.clock.now() / 1000);
  });

  it('names the running build: the version in package.json and the Node.js version, before any poll', async () => {
    const h = await start();
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const { samples } = await scrape(h);
    expect(sampleValue(samples, 'senders_bot_build_info', { version, node_version: process.version })).toBe(1);
    expect(sampleValue(samples, 'senders_bot_last_poll_completed_timestamp_seconds')).toBe(0);
  });

  it('shows the create queue of each account (depth and oldest wait), labelled by account and customer, and empties it once sent', async () => {
    const h = await start({ sendersMinIntervalMs: 3 * MINUTE });
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    await register(h, { phone: '+14155550101', name: 'Acme Store' });
    await register(h, { phone: '+14155550102', name: 'Acme Store' });
    expect((await record(h, '+14155550101')).state).toBe('queued');
    h.clock.advance(90_000);

    const queued = (await scrape(h)).samples;
    const labels = { account: h.mainAccountSid, customer: 'Main account' };
    expect(sampleValue(queued, 'senders_bot_create_queue_depth', labels)).toBe(2);
    expect(sampleValue(queued, 'senders_bot_create_queue_oldest_wait_seconds', labels)).toBeGreaterThanOrEqual(90);

    await h.drainQueue();
    const drained = (await scrape(h)).samples;
    expect(sampleValue(drained, 'senders_bot_create_queue_depth', labels)).toBeUndefined();
  });

  it('shows the outbox backlog growing while Slack refuses posts, with the refusals counted by Slack error', async () => {
    const h = await start({ outboxRetryMs: 10 * MINUTE });
    h.slack.failing.add('chat.postMessage');
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    await until(() => h.slack.callsOf('chat.postMessage').length > 0, 5_000, 'a post to be tried');
    await h.settle();

    const failing = (await scrape(h)).samples;
    expect(sampleValue(failing, 'senders_bot_outbox_backlog')).toBeGreaterThanOrEqual(1);
    expect(
      sampleValue(failing, 'senders_bot_slack_requests_total', { endpoint: 'chat.postMessage', outcome: 'error', code: 'service_unavailable' }),
    ).toBeGreaterThanOrEqual(1);

    h.slack.failing.delete('chat.postMessage');
    h.clock.advance(30 * MINUTE);
    h.bot.outbox.kick();
    await until(async () => (await stored(h)).outbox.length === 0, 5_000, 'the outbox to drain');
    const delivered = (await scrape(h)).samples;
    expect(sampleValue(delivered, 'senders_bot_outbox_backlog')).toBe(0);
    expect(sampleValue(delivered, 'senders_bot_slack_requests_total', { endpoint: 'chat.postMessage', outcome: 'ok', code: '' })).toBeGreaterThanOrEqual(1);
  });

  it('counts Twilio requests by endpoint and outcome, a 429 among them, with no number or secret in any label', async () => {
    const h = await start({ delays: { creatingMs: 1_000, verifyingMs: 60 * MINUTE, offlineMs: MINUTE } });
    await register(h, { phone: '+14155550100', name: 'Acme Store' });
    h.sim.failNext(429, 1, 'FetchChannelsSender');
    await h.pollAfter(2 * MINUTE);

    const { text, samples } = await scrape(h);
    const fetchSender = 'GET /v2/Channels/Senders/{Sid}';
    expect(sampleValue(samples, 'senders_bot_twilio_requests_total', { endpoint: fetchSender, outcome: 'rate_limited', code: '20429' })).toBe(1);
    expect(sampleValue(samples, 'senders_bot_twilio_requests_total', { endpoint: fetchSender, outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sumOf(samples, 'senders_bot_twilio_requests_total', { endpoint: 'POST /v2/Channels/Senders', outcome: 'ok' })).toBe(1);
    expect(text).not.toContain('4155550100');
    expect(text).not.toMatch(/XE[0-9a-f]{32}/);
    for (const secret of h.secrets) expect(text).not.toContain(secret);
  });

  it('keeps the figures of two bots in one process apart', async () => {
    const first = await start();
    const second = await start();
    await register(first, { phone: '+14155550100', name: 'Acme Store' });
    expect(sumOf((await scrape(first)).samples, 'senders_bot_senders')).toBe(1);
    expect(sumOf((await scrape(second)).samples, 'senders_bot_senders')).toBe(0);
  });
});
