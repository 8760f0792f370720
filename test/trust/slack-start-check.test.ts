import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { SecretRegistry } from '../../src/secrets.js';
import { checkSlackTokens, SlackTokenRefused } from '../../src/slack/start-check.js';
import { FakeSlack } from '../support/fake-slack.js';
import { BOT_TOKEN } from '../support/harness.js';

const APP_TOKEN = 'xapp-1-A0-start-check-app-token';
/** Retries without seconds of waiting: the pace is the only thing changed from the real start. */
const FAST = { firstRetryMs: 5, maxRetryMs: 20 };

let slack: FakeSlack;
afterEach(() => slack?.stop());

async function world() {
  slack = new FakeSlack(BOT_TOKEN);
  const apiUrl = await slack.start();
  const logLines: string[] = [];
  const logger = createLogger(new SecretRegistry([BOT_TOKEN, APP_TOKEN]), (line) => logLines.push(line));
  return { apiUrl, logLines, logger };
}

const refusal = (work: Promise<unknown>) =>
  work.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('the start check of the Slack tokens', () => {
  for (const slackError of ['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked']) {
    it(`names SLACK_BOT_TOKEN when auth.test answers ${slackError}, without asking again`, async () => {
      const { apiUrl, logger } = await world();
      slack.fault('auth.test', { error: slackError });
      const error = await refusal(checkSlackTokens({ botToken: BOT_TOKEN, appToken: APP_TOKEN, apiUrl }, logger, FAST));
      expect(error).toBeInstanceOf(SlackTokenRefused);
      expect((error as SlackTokenRefused).setting).toBe('SLACK_BOT_TOKEN');
      expect((error as Error).message).toContain(`Slack refuses SLACK_BOT_TOKEN (${slackError})`);
      expect(slack.callsOf('auth.test')).toHaveLength(1);
      expect(slack.callsOf('apps.connections.open')).toHaveLength(0);
    });
  }

  it('asks about the app token with the app token, and names SLACK_APP_TOKEN when Slack refuses it', async () => {
    const { apiUrl, logger } = await world();
    slack.fault('apps.connections.open', { error: 'token_revoked' });
    const error = await refusal(checkSlackTokens({ botToken: BOT_TOKEN, appToken: APP_TOKEN, apiUrl }, logger, FAST));
    expect((error as SlackTokenRefused).setting).toBe('SLACK_APP_TOKEN');
    expect(slack.callsOf('apps.connections.open')[0]!.args.token).toBe(APP_TOKEN);
  });

  it('in HTTP mode asks only about the bot token', async () => {
    const { apiUrl, logger } = await world();
    await checkSlackTokens({ botToken: BOT_TOKEN, apiUrl }, logger, FAST);
    expect(slack.callsOf('auth.test')).toHaveLength(1);
    expect(slack.callsOf('apps.connections.open')).toHaveLength(0);
  });

  it('takes a Slack outage (500s, rate limits) as a reason to ask again, one warning per attempt, the waits doubling, and no token in them', async () => {
    const { apiUrl, logLines, logger } = await world();
    slack.fault('auth.test', { status: 500 }, { times: 2 });
    slack.fault('apps.connections.open', { status: 429, retryAfter: 0 }, { times: 1 });
    await checkSlackTokens({ botToken: BOT_TOKEN, appToken: APP_TOKEN, apiUrl }, logger, FAST);
    expect(slack.callsOf('auth.test')).toHaveLength(3);
    expect(slack.callsOf('apps.connections.open')).toHaveLength(2);
    const warnings = logLines.map((line) => JSON.parse(line) as { level: string; msg: string });
    expect(warnings.map((w) => w.level)).toEqual(['warn', 'warn', 'warn']);
    expect(warnings.map((w) => w.msg.match(/trying again in (\d+ ms)$/)?.[1])).toEqual(['5 ms', '10 ms', '20 ms']);
    expect(warnings[0]!.msg).toContain('Slack answered HTTP 500');
    expect(logLines.join('\n')).not.toContain(BOT_TOKEN);
    expect(logLines.join('\n')).not.toContain(APP_TOKEN);
  });
});
