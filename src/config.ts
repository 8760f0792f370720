import { validate as validCron } from 'node-cron';
import { z } from 'zod';
import type { AccessSettings } from './access.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';
import type { OnboardingSettings } from './senders/customers/onboarding-settings.js';
import type { WatchSettings } from './senders/watch/schedule.js';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const minutes = (fallback: number) =>
  z.coerce.number({ message: 'must be a number of minutes (fractions allowed, e.g. 0.5)' }).positive('must be greater than 0').default(fallback);

const hours = (fallback: number) =>
  z.coerce.number({ message: 'must be a number of hours (fractions allowed, e.g. 0.25)' }).positive('must be greater than 0').default(fallback);

/** The bot's own machine: plain http is only for the sandbox and tests there. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const accountSid = z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex characters');

const schema = z.object({
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-'),
  SLACK_APP_TOKEN: optionalText.pipe(z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional()),
  SLACK_SIGNING_SECRET: optionalText,
  PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SLACK_API_URL: z.string().url('must be a URL such as https://slack.com/api/').default('https://slack.com/api/'),
  TWILIO_ACCOUNT_SID: accountSid,
  TWILIO_AUTH_TOKEN: optionalText,
  TWILIO_API_KEY: optionalText.pipe(
    z
      .string()
      .regex(/^SK[0-9a-fA-F]{32}$/, 'must look like SK followed by 32 hex characters')
      .optional(),
  ),
  TWILIO_API_SECRET: optionalText,
  TWILIO_TIMEOUT_SECONDS: z.coerce
    .number({ message: 'must be a number of seconds' })
    .positive('must be greater than 0')
    .max(120, 'must be at most 120')
    .default(30),
  TWILIO_BASE_URL: optionalText.pipe(z.string().url('must be a URL such as http://localhost:4010').optional()),
  DATA_FILE: z.string().default('data/db.json'),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a PostgreSQL URL such as postgres://user:password@host:5432/senders (empty: the data file)')
      .optional(),
  ),
  ALERT_CHANNEL: optionalText,
  SLASH_COMMAND: z
    .string()
    .regex(/^\/[a-z0-9_-]+$/, 'must be a slash command such as /senders')
    .default('/senders'),
  RESEND_MIN_MINUTES: minutes(3),
  MAX_RESENDS: z.coerce.number().int().min(0).default(5),
  ALLOWED_USERS: z
    .string()
    .default('')
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be Slack user IDs such as U012ABCDEF, separated by commas'))),
  ALLOWED_USERGROUP: optionalText.pipe(
    z
      .string()
      .regex(/^S[A-Z0-9]{2,}$/, 'must be a Slack user group ID such as S012ABCDEF')
      .optional(),
  ),
  READ_ONLY_OPEN: z.enum(['true', 'false'], { message: 'must be true or false' }).default('true'),
  SENDERS_MIN_INTERVAL: minutes(3),
  BULK_NAME_FIRST: z.enum(['true', 'false'], { message: 'must be true or false' }).default('true'),
  POLL_CRON: z
    .string()
    .refine((v) => validCron(v), 'must be a cron expression such as "* * * * *" (seconds allowed: "*/10 * * * * *")')
    .default('* * * * *'),
  POLL_MIN_MINUTES: minutes(1),
  POLL_MAX_MINUTES: minutes(30),
  /** Unset: 15, or the older ONLINE_RECHECK_HOURS when only that one is set. */
  ONLINE_RECHECK_MINUTES: minutes(15).unwrap().optional(),
  ONLINE_RECHECK_HOURS: hours(6).unwrap().optional(),
  STUCK_OFFLINE_MINUTES: minutes(30),
  STUCK_CREATING_MINUTES: minutes(30),
  STUCK_VERIFYING_MINUTES: minutes(60),
  STUCK_REVIEW_HOURS: hours(48),
  STUCK_REMIND_HOURS: hours(4),
  CODE_REMINDER_MINUTES: minutes(15),
  VOICE_FORWARD_MAX_HOURS: hours(24),
  POLL_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(5),
  ACK_DEADLINE_MS: z.coerce
    .number({ message: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(100, 'must be at least 100')
    .max(2500, 'must be at most 2500 (Slack drops answers later than 3 seconds)')
    .default(2000),
  PUBLIC_URL: optionalText.pipe(
    z
      .string()
      .url('must be the address people reach the bot at, such as https://senders.example.com')
      .refine(
        (value) => !URL.canParse(value) || new URL(value).protocol === 'https:' || LOCAL_HOSTS.has(new URL(value).hostname),
        "must be an https address such as https://senders.example.com: Twilio sends the code heard on Meta's call there (plain http only for localhost or 127.0.0.1)",
      )
      .optional(),
  ),
  META_APP_ID: optionalText.pipe(z.string().regex(/^\d+$/, 'must be the numeric ID of your Meta app').optional()),
  META_CONFIG_ID: optionalText.pipe(z.string().regex(/^\d+$/, 'must be the numeric ID of a Facebook Login for Business configuration').optional()),
  META_APP_SECRET: optionalText,
  META_SDK_URL: z.string().url('must be a URL such as https://connect.facebook.net/en_US/sdk.js').default('https://connect.facebook.net/en_US/sdk.js'),
  META_DIALOG_ORIGIN: z
    .string()
    .url('must be an origin such as https://www.facebook.com')
    .transform((value) => new URL(value).origin)
    .default('https://www.facebook.com'),
  META_GRAPH_URL: z.string().url('must be a URL such as https://graph.facebook.com').default('https://graph.facebook.com'),
  META_SYSTEM_USER_TOKEN: optionalText,
  META_SYSTEM_USER_ID: optionalText.pipe(z.string().regex(/^\d+$/, 'must be the numeric ID of your system user in Meta Business Settings').optional()),
  META_WEBHOOK_VERIFY_TOKEN: optionalText,
  ISV_NAME: optionalText.pipe(z.string().max(80, 'must be at most 80 characters: the name your customers know you by').optional()),
  ISV_LOGO_URL: optionalText.pipe(
    z
      .string()
      .superRefine((value, ctx) => {
        if (!URL.canParse(value)) ctx.addIssue({ code: 'custom', message: 'must be the https address of your logo, such as https://example.com/logo.png' });
        else if (new URL(value).protocol !== 'https:')
          ctx.addIssue({ code: 'custom', message: 'must be an https address (the signup page loads nothing over plain http)' });
      })
      .optional(),
  ),
  ISV_SUPPORT_EMAIL: optionalText.pipe(z.string().email('must be an email address such as support@example.com').optional()),
  ONBOARDING_LINK_SECRET: optionalText.pipe(z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional()),
  LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(LOG_LEVELS as [LogLevel, ...LogLevel[]], { message: `must be one of ${LOG_LEVELS.join(', ')}` }))
    .default('info'),
});

export interface Config {
  slack: {
    botToken: string;
    appToken?: string;
    signingSecret?: string;
    port: number;
    apiUrl: string;
    mode: 'socket' | 'http';
  };
  twilio: {
    accountSid: string;
    username: string;
    password: string;
    /** The main account's auth token when set, even beside an API key: it checks the signature of Twilio's webhooks (Meta's call). */
    authToken?: string;
    baseUrl?: string;
    timeoutMs: number;
  };
  dataFile: string;
  /** PostgreSQL instead of the data file. */
  databaseUrl?: string;
  alertChannel?: string;
  slashCommand: string;
  resendMinMinutes: number;
  maxResends: number;
  sendersMinIntervalMs: number;
  bulkNameFirst: boolean;
  access: AccessSettings;
  watch: WatchSettings;
  pollCron: string;
  onboarding: OnboardingSettings;
  logLevel: LogLevel;
  /** How long a Slack request's work before its answer may take, storing included (ms). */
  ackDeadlineMs: number;
}

export class ConfigError extends Error {}

/** Checks that span several settings; run on the raw environment so they show up with the rest. */
function crossChecks(env: NodeJS.ProcessEnv): string[] {
  const set = (name: string) => Boolean(env[name]?.trim());
  const problems: string[] = [];
  if (!set('SLACK_APP_TOKEN') && !set('SLACK_SIGNING_SECRET')) {
    problems.push('  - SLACK_APP_TOKEN is missing: set it for Socket Mode, or SLACK_SIGNING_SECRET with PORT for HTTP mode');
  }
  if (!set('SLACK_APP_TOKEN') && set('SLACK_SIGNING_SECRET') && !set('PORT')) {
    problems.push('  - PORT is required in HTTP mode (SLACK_SIGNING_SECRET without SLACK_APP_TOKEN)');
  }
  if (!set('TWILIO_AUTH_TOKEN') && !(set('TWILIO_API_KEY') && set('TWILIO_API_SECRET'))) {
    problems.push('  - TWILIO_AUTH_TOKEN is missing: set it, or both TWILIO_API_KEY and TWILIO_API_SECRET');
  }
  return problems;
}

/** The placeholders .env.example ships with, and what belongs there instead. */
const EXAMPLE_VALUES: Record<string, { value: string; instead: string }> = {
  SLACK_BOT_TOKEN: { value: 'xoxb-your-bot-token', instead: 'the Bot User OAuth Token (xoxb-…) from your Slack app' },
  SLACK_APP_TOKEN: { value: 'xapp-your-app-level-token', instead: 'an app-level token (xapp-…) of your Slack app, or leave it empty for HTTP mode' },
  TWILIO_ACCOUNT_SID: { value: `AC${'x'.repeat(32)}`, instead: 'your Twilio Account SID (AC…) from the Twilio Console' },
  TWILIO_AUTH_TOKEN: {
    value: 'your-auth-token',
    instead: 'your Twilio auth token from the Twilio Console, or leave it empty and set TWILIO_API_KEY and TWILIO_API_SECRET',
  },
};

/** Settings still holding .env.example's placeholder, each named once with what to put there. */
function examplesLeft(env: NodeJS.ProcessEnv): Map<string, string> {
  const left = new Map<string, string>();
  for (const [name, example] of Object.entries(EXAMPLE_VALUES))
    if (env[name]?.trim() === example.value) left.set(name, `  - ${name} is still the example value from .env.example: put ${example.instead} there`);
  return left;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  const examples = examplesLeft(env);
  const lines = [...examples.values()];
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const name = issue.path.join('.') || 'environment';
      // A placeholder is named once, as a placeholder.
      if (!examples.has(name)) lines.push(describeIssue(issue, name, env));
    }
  lines.push(...crossChecks(env));
  if (!parsed.success || lines.length > 0) {
    throw new ConfigError(`The bot cannot start; fix these settings (see .env.example):\n${lines.join('\n')}`);
  }
  return toConfig(parsed.data);
}

function describeIssue(issue: z.core.$ZodIssue, name: string, env: NodeJS.ProcessEnv): string {
  const message = issue.code === 'invalid_type' && env[name] === undefined ? 'is missing' : issue.message;
  return `  - ${name} ${message}`;
}

function toConfig(e: z.infer<typeof schema>): Config {
  const mode = e.SLACK_APP_TOKEN ? 'socket' : 'http';
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      port: e.PORT ?? 3000,
      apiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
      mode,
    },
    twilio: {
      accountSid: e.TWILIO_ACCOUNT_SID,
      username: e.TWILIO_API_KEY && e.TWILIO_API_SECRET ? e.TWILIO_API_KEY : e.TWILIO_ACCOUNT_SID,
      password: e.TWILIO_API_KEY && e.TWILIO_API_SECRET ? e.TWILIO_API_SECRET : (e.TWILIO_AUTH_TOKEN as string),
      authToken: e.TWILIO_AUTH_TOKEN,
      baseUrl: e.TWILIO_BASE_URL,
      timeoutMs: e.TWILIO_TIMEOUT_SECONDS * 1000,
    },
    dataFile: e.DATA_FILE,
    databaseUrl: e.DATABASE_URL,
    alertChannel: e.ALERT_CHANNEL,
    slashCommand: e.SLASH_COMMAND,
    resendMinMinutes: e.RESEND_MIN_MINUTES,
    maxResends: e.MAX_RESENDS,
    sendersMinIntervalMs: e.SENDERS_MIN_INTERVAL * 60_000,
    bulkNameFirst: e.BULK_NAME_FIRST === 'true',
    access: { allowedUsers: e.ALLOWED_USERS, allowedUsergroup: e.ALLOWED_USERGROUP, readOnlyOpen: e.READ_ONLY_OPEN === 'true' },
    pollCron: e.POLL_CRON,
    onboarding: {
      publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
      appId: e.META_APP_ID,
      configId: e.META_CONFIG_ID,
      appSecret: e.META_APP_SECRET,
      sdkUrl: e.META_SDK_URL,
      dialogOrigin: e.META_DIALOG_ORIGIN,
      graphUrl: e.META_GRAPH_URL.replace(/\/+$/, ''),
      systemUserToken: e.META_SYSTEM_USER_TOKEN,
      systemUserId: e.META_SYSTEM_USER_ID,
      webhookVerifyToken: e.META_WEBHOOK_VERIFY_TOKEN,
      linkSecret: e.ONBOARDING_LINK_SECRET,
      brand: { name: e.ISV_NAME, logoUrl: e.ISV_LOGO_URL, supportEmail: e.ISV_SUPPORT_EMAIL },
    },
    logLevel: e.LOG_LEVEL,
    ackDeadlineMs: e.ACK_DEADLINE_MS,
    watch: {
      minIntervalMs: e.POLL_MIN_MINUTES * 60_000,
      maxIntervalMs: e.POLL_MAX_MINUTES * 60_000,
      onlineRecheckMs: onlineRecheckMs(e.ONLINE_RECHECK_MINUTES, e.ONLINE_RECHECK_HOURS),
      stuckOfflineMs: e.STUCK_OFFLINE_MINUTES * 60_000,
      stuckCreatingMs: e.STUCK_CREATING_MINUTES * 60_000,
      stuckVerifyingMs: e.STUCK_VERIFYING_MINUTES * 60_000,
      stuckReviewMs: e.STUCK_REVIEW_HOURS * 3_600_000,
      stuckRemindMs: e.STUCK_REMIND_HOURS * 3_600_000,
      codeReminderMs: e.CODE_REMINDER_MINUTES * 60_000,
      voiceForwardMaxMs: e.VOICE_FORWARD_MAX_HOURS * 3_600_000,
      concurrency: e.POLL_CONCURRENCY,
    },
  };
}

/** ONLINE_RECHECK_MINUTES wins; a deployment that only sets the older ONLINE_RECHECK_HOURS keeps it. */
function onlineRecheckMs(minutesSet: number | undefined, hoursSet: number | undefined): number {
  if (minutesSet !== undefined) return minutesSet * 60_000;
  if (hoursSet !== undefined) return hoursSet * 3_600_000;
  return 15 * 60_000;
}

/** Every secret the process holds, so the logger can scrub them from anything it prints. */
export function secretsOf(config: Config): string[] {
  return [
    config.slack.botToken,
    config.slack.appToken,
    config.slack.signingSecret,
    config.twilio.password,
    config.twilio.authToken,
    config.onboarding.appSecret,
    config.onboarding.systemUserToken,
    config.onboarding.webhookVerifyToken,
    config.onboarding.linkSecret,
    databasePassword(config.databaseUrl),
  ].filter((s): s is string => Boolean(s));
}

/** The password inside DATABASE_URL, so no error or log line that echoes the URL shows it. */
function databasePassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
