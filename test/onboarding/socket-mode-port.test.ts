import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { type Bot, createBot } from '../../src/bot.js';
import { createLogger } from '../../src/logger.js';
import { SecretRegistry } from '../../src/secrets.js';
import { DEFAULT_WATCH } from '../../src/senders/watch/schedule.js';
import { freePort } from '../support/child-bot.js';
import { FakeSlack } from '../support/fake-slack.js';
import { BOT_TOKEN } from '../support/harness.js';
import { until } from '../support/until.js';

const running: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const stop of running.splice(0).reverse()) await stop().catch(() => undefined);
});

it('serves the onboarding page and /healthz on PORT in Socket Mode too', async () => {
  const slack = new FakeSlack(BOT_TOKEN);
  const apiUrl = await slack.start();
  running.push(() => slack.stop());
  const port = await freePort();
  const logged: string[] = [];
  const bot: Bot = await createBot({
    slack: { botToken: BOT_TOKEN, appToken: 'xapp-1-socket-mode-test-token', apiUrl, mode: 'socket', port },
    twilio: { accountSid: `AC${'1'.repeat(32)}`, username: `AC${'1'.repeat(32)}`, password: 'twilio-token-0123456789', baseUrl: 'http://127.0.0.1:9' },
    dataFile: join(await mkdtemp(join(tmpdir(), 'senders-socket-')), 'db.json'),
    slashCommand: '/senders',
    settings: { resendMinMinutes: 3, maxResends: 5, sendersMinIntervalMs: 0, bulkNameFirst: true },
    watch: DEFAULT_WATCH,
    logger: createLogger(new SecretRegistry(), (line) => logged.push(line), 'debug'),
    onboarding: {
      publicUrl: `http://127.0.0.1:${port}`,
      appId: '1',
      configId: '2',
      appSecret: 'meta-app-secret-0123',
      sdkUrl: 'https://connect.facebook.net/en_US/sdk.js',
      dialogOrigin: 'https://www.facebook.com',
      graphUrl: 'https://graph.facebook.com',
    },
  });
  // The Socket Mode connection itself has no Slack to reach here; the HTTP server on PORT starts first.
  void bot.start().catch(() => undefined);
  running.push(() => bot.stop());
  const base = `http://127.0.0.1:${port}`;
  await until(async () => (await fetch(`${base}/healthz`).catch(() => undefined))?.status === 200);
  const page = await fetch(`${base}/onboard/not-a-link`);
  expect(page.status).toBe(404);
  expect(await page.text()).toContain('This link is not valid');

  // Not connected to Slack: alive, but not ready for a load balancer to send it work.
  const readiness = await fetch(`${base}/readyz`);
  expect(readiness.status).toBe(503);
  expect(await readiness.text()).toBe('not ready: not connected to Slack (Socket Mode)\n');

  // A browser's icon request is answered, not logged as a request nobody handles.
  const icon = await fetch(`${base}/favicon.ico`);
  expect(icon.status).toBeLessThan(300);
  expect(logged.filter((line) => line.includes('favicon'))).toEqual([]);
});
