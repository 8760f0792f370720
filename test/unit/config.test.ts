import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { SecretRegistry } from '../../src/secrets.js';
import { ROOT } from '../support/child-bot.js';

const SID = `AC${'1'.repeat(32)}`;
const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'secret-token' };

describe('settings', () => {
  it('defaults to Socket Mode, the real Slack API, data/db.json and /senders', () => {
    const c = loadConfig(base);
    expect(c.slack).toMatchObject({ mode: 'socket', apiUrl: 'https://slack.com/api/' });
    expect(c).toMatchObject({ dataFile: 'data/db.json', slashCommand: '/senders', resendMinMinutes: 3 });
    expect(c.twilio).toMatchObject({ username: SID, password: 'secret-token', baseUrl: undefined });
  });
  it('uses HTTP mode with a signing secret and a port, and an API key when given', () => {
    const c = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      PORT: '8080',
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_API_KEY: `SK${'2'.repeat(32)}`,
      TWILIO_API_SECRET: 'k',
      RESEND_MIN_MINUTES: '0.5',
    });
    expect(c.slack).toMatchObject({ mode: 'http', port: 8080 });
    expect(c.twilio).toMatchObject({ username: `SK${'2'.repeat(32)}`, password: 'k' });
    expect(c.resendMinMinutes).toBe(0.5);
  });
  it('keeps the auth token beside an API key: it checks the signature of Twilio’s webhooks', () => {
    const c = loadConfig({ ...base, TWILIO_API_KEY: `SK${'2'.repeat(32)}`, TWILIO_API_SECRET: 'k' });
    expect(c.twilio).toMatchObject({ username: `SK${'2'.repeat(32)}`, password: 'k', authToken: 'secret-token' });
  });
  it('names every missing or bad setting in one message', () => {
    let message = '';
    try {
      loadConfig({ SLACK_BOT_TOKEN: 'xoxp-user', TWILIO_ACCOUNT_SID: 'nope', SLASH_COMMAND: 'senders', TWILIO_BASE_URL: 'not a url' });
    } catch (e) {
      message = (e as Error).message;
    }
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'SLASH_COMMAND', 'TWILIO_BASE_URL'])
      expect(message).toContain(name);
  });
  it("refuses a plain http PUBLIC_URL, where Meta's spoken code would travel unencrypted, except on the bot's own machine", () => {
    expect(() => loadConfig({ ...base, PUBLIC_URL: 'http://senders.example.com' })).toThrow(/PUBLIC_URL must be an https address/);
    expect(() => loadConfig({ ...base, PUBLIC_URL: 'ftp://senders.example.com' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ ...base, PUBLIC_URL: 'not a url' })).toThrow(/PUBLIC_URL must be the address people reach the bot at/);
    for (const local of ['http://localhost:3000', 'http://127.0.0.1:3000/', 'https://senders.example.com/']) {
      expect(() => loadConfig({ ...base, PUBLIC_URL: local })).not.toThrow();
    }
  });

  it('takes the watcher durations in minutes or hours, fractions allowed, and checks the cron expression', () => {
    const c = loadConfig({ ...base, POLL_CRON: '*/10 * * * * *', STUCK_OFFLINE_MINUTES: '0.5', STUCK_REMIND_HOURS: '0.01', POLL_MAX_MINUTES: '2' });
    expect(c.pollCron).toBe('*/10 * * * * *');
    expect(c.watch).toMatchObject({
      stuckOfflineMs: 30_000,
      stuckRemindMs: 36_000,
      maxIntervalMs: 120_000,
      minIntervalMs: 60_000,
      codeReminderMs: 15 * 60_000,
    });
    expect(() => loadConfig({ ...base, POLL_CRON: 'every minute' })).toThrow(/POLL_CRON/);
    expect(() => loadConfig({ ...base, STUCK_OFFLINE_MINUTES: '-1' })).toThrow(/STUCK_OFFLINE_MINUTES/);
  });
  it('re-checks ONLINE senders every ONLINE_RECHECK_MINUTES (15), or every ONLINE_RECHECK_HOURS when only that older one is set', () => {
    expect(loadConfig(base).watch.onlineRecheckMs).toBe(15 * 60_000);
    expect(loadConfig({ ...base, ONLINE_RECHECK_MINUTES: '2.5' }).watch.onlineRecheckMs).toBe(150_000);
    expect(loadConfig({ ...base, ONLINE_RECHECK_HOURS: '6' }).watch.onlineRecheckMs).toBe(6 * 3_600_000);
    expect(loadConfig({ ...base, ONLINE_RECHECK_HOURS: '6', ONLINE_RECHECK_MINUTES: '10' }).watch.onlineRecheckMs).toBe(10 * 60_000);
    expect(() => loadConfig({ ...base, ONLINE_RECHECK_MINUTES: '0' })).toThrow(/ONLINE_RECHECK_MINUTES/);
  });
  it('reads the stuck deadlines per status, fractions allowed', () => {
    expect(loadConfig(base).watch).toMatchObject({ stuckCreatingMs: 30 * 60_000, stuckVerifyingMs: 60 * 60_000, stuckReviewMs: 48 * 3_600_000 });
    const c = loadConfig({ ...base, STUCK_CREATING_MINUTES: '0.5', STUCK_VERIFYING_MINUTES: '1.5', STUCK_REVIEW_HOURS: '0.25' });
    expect(c.watch).toMatchObject({ stuckCreatingMs: 30_000, stuckVerifyingMs: 90_000, stuckReviewMs: 900_000 });
    expect(() => loadConfig({ ...base, STUCK_REVIEW_HOURS: 'soon' })).toThrow(/STUCK_REVIEW_HOURS/);
  });
  it('reads who may change things, and refuses malformed user and group IDs', () => {
    expect(loadConfig(base).access).toEqual({ allowedUsers: [], allowedUsergroup: undefined, readOnlyOpen: true });
    expect(loadConfig({ ...base, ALLOWED_USERS: 'U012ABC, U034DEF', ALLOWED_USERGROUP: 'S0ONBOARD', READ_ONLY_OPEN: 'false' }).access).toEqual({
      allowedUsers: ['U012ABC', 'U034DEF'],
      allowedUsergroup: 'S0ONBOARD',
      readOnlyOpen: false,
    });
    expect(() => loadConfig({ ...base, ALLOWED_USERS: 'alice' })).toThrow(/ALLOWED_USERS/);
    expect(() => loadConfig({ ...base, ALLOWED_USERGROUP: '@onboarding' })).toThrow(/ALLOWED_USERGROUP/);
  });
  it('bounds the work before an answer to Slack by ACK_DEADLINE_MS: 2000 ms unless set, never past what Slack waits', () => {
    expect(loadConfig(base).ackDeadlineMs).toBe(2_000);
    expect(loadConfig({ ...base, ACK_DEADLINE_MS: '1500' }).ackDeadlineMs).toBe(1_500);
    expect(() => loadConfig({ ...base, ACK_DEADLINE_MS: '3000' })).toThrow(/ACK_DEADLINE_MS must be at most 2500 \(Slack drops answers later than 3 seconds\)/);
    expect(() => loadConfig({ ...base, ACK_DEADLINE_MS: 'soon' })).toThrow(/ACK_DEADLINE_MS must be a number of milliseconds/);
  });
  it("names the ISV on the customer's page only as set: a name, an https logo, a support email", () => {
    expect(loadConfig(base).onboarding.brand).toEqual({ name: undefined, logoUrl: undefined, supportEmail: undefined });
    const c = loadConfig({ ...base, ISV_NAME: ' Acme Messaging ', ISV_LOGO_URL: 'https://cdn.acme.example/logo.png', ISV_SUPPORT_EMAIL: 'help@acme.example' });
    expect(c.onboarding.brand).toEqual({ name: 'Acme Messaging', logoUrl: 'https://cdn.acme.example/logo.png', supportEmail: 'help@acme.example' });
  });
  it('refuses to start with a logo not on https or a support address that is not an email, naming the setting', () => {
    expect(() => loadConfig({ ...base, ISV_LOGO_URL: 'http://acme.example/logo.png' })).toThrow(/ISV_LOGO_URL must be an https address/);
    expect(() => loadConfig({ ...base, ISV_LOGO_URL: 'logo.png' })).toThrow(/ISV_LOGO_URL must be the https address of your logo/);
    expect(() => loadConfig({ ...base, ISV_SUPPORT_EMAIL: 'acme support' })).toThrow(/ISV_SUPPORT_EMAIL must be an email address/);
    expect(() => loadConfig({ ...base, ISV_NAME: 'A'.repeat(81) })).toThrow(/ISV_NAME must be at most 80 characters/);
  });
  it('requires PORT in HTTP mode', () => {
    expect(() => loadConfig({ ...base, SLACK_APP_TOKEN: undefined, SLACK_SIGNING_SECRET: 's' })).toThrow(/PORT/);
  });
});

describe('logger', () => {
  it('replaces every secret and drops fields named like a code or a token', () => {
    const lines: string[] = [];
    const logger = createLogger(new SecretRegistry(['secret-token-123']), (l) => lines.push(l));
    logger.warn('failed with secret-token-123 inside', { code: '123456', authToken: 'x', errorCode: 63110, id: 'r1' });
    expect(lines[0]).not.toContain('secret-token-123');
    expect(lines[0]).not.toContain('123456');
    expect(lines[0]).toContain('63110');
    expect(lines[0]).toContain('r1');
  });
});

describe('the example values of .env.example', () => {
  const copied = {
    SLACK_BOT_TOKEN: 'xoxb-your-bot-token',
    SLACK_APP_TOKEN: 'xapp-your-app-level-token',
    TWILIO_ACCOUNT_SID: `AC${'x'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: 'your-auth-token',
  };
  const refusal = (env: NodeJS.ProcessEnv) => {
    try {
      loadConfig(env);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('the settings were accepted');
  };

  it('are refused after cp .env.example .env, each named once as still the example value', () => {
    const lines = refusal(copied).split('\n').slice(1);
    expect(lines).toHaveLength(4);
    for (const name of Object.keys(copied)) {
      const about = lines.filter((line) => line.includes(`- ${name} `));
      expect(about).toHaveLength(1);
      expect(about[0]).toContain(`${name} is still the example value`);
    }
  });

  it('match .env.example as it ships: copying it as it is starts nothing', () => {
    const example = parseEnv(readFileSync(join(ROOT, '.env.example'), 'utf8'));
    const message = refusal(example);
    for (const name of Object.keys(copied)) {
      expect(example[name]).toBe(copied[name as keyof typeof copied]);
      expect(message).toContain(`${name} is still the example value`);
    }
  });

  it('are refused one at a time too, beside settings that are fine', () => {
    expect(refusal({ ...base, SLACK_BOT_TOKEN: 'xoxb-your-bot-token' })).toContain('SLACK_BOT_TOKEN is still the example value');
    expect(refusal({ ...base, SLACK_APP_TOKEN: 'xapp-your-app-level-token' })).toContain('SLACK_APP_TOKEN is still the example value');
    expect(refusal({ ...base, TWILIO_AUTH_TOKEN: ' your-auth-token ' })).toContain('TWILIO_AUTH_TOKEN is still the example value');
  });

  it('leaves real-looking values alone', () => {
    expect(() => loadConfig({ ...base, SLACK_BOT_TOKEN: 'xoxb-your-bot-token-2', TWILIO_AUTH_TOKEN: 'your-auth-token-x' })).not.toThrow();
  });
});
