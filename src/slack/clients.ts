import { type FetchFunction, LogLevel, type Logger as SlackLogger, WebClient, type WebClientOptions } from '@slack/web-api';
import type { Logger } from '../logger.js';
import type { ObserveCall } from '../metrics/call-outcome.js';
import { countedFetch } from './counted-fetch.js';
import { leanFetch } from './lean-fetch.js';

/*
 * @slack/web-api's defaults retry a call 10 times over about 30 minutes, wait forever for an
 * answer, and pause the whole client when one call gets a 429. One bad call then holds every
 * other call of that client. The bot's clients never wait for Slack without a limit, and never
 * pause: who retries, and when, is decided by the caller that knows what it can afford.
 */

/** Listeners' calls (views.open within its 3 s trigger, views.update, views.publish, response URLs). */
const LISTENER_TIMEOUT_MS = 5_000;
/** One quick retry of a 5xx or a lost connection still fits in a trigger's 3 seconds. */
const LISTENER_RETRIES = { retries: 1, minTimeout: 250, maxTimeout: 250 };
/** The outbox retries by itself, per channel, counting attempts. */
export const OUTBOX_TIMEOUT_MS = 10_000;
/** The user group lookup runs before an ack: it must leave time for the answer. */
const LOOKUP_TIMEOUT_MS = 1_500;

/** Our logger in the shape Slack's libraries (Bolt, the Web API client) log to. */
export function slackLogger(logger: Logger): SlackLogger {
  let level = LogLevel.INFO;
  const text = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  return {
    // Bolt's debug lines quote whole requests (a code typed in a form among them) before the bot has seen and registered it.
    debug: () => {},
    info: (...args) => logger.info(text(args)),
    warn: (...args) => logger.warn(text(args)),
    error: (...args) => logger.error(text(args)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/** fetch with a time limit when the caller gave none (Bolt's respond() to a response URL gives none). */
function fetchWithin(ms: number): FetchFunction {
  const inner = leanFetch();
  return (input, init) => inner(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(ms) });
}

/** Every call counted by outcome when the bot measures them (see src/metrics). */
const counted = (inner: FetchFunction, observe?: ObserveCall): FetchFunction => (observe ? countedFetch(inner, observe) : inner);

const bounded = (apiUrl: string, timeout: number, observe?: ObserveCall): WebClientOptions => ({
  slackApiUrl: apiUrl,
  timeout,
  retryConfig: { retries: 0 },
  rejectRateLimitedCalls: true,
  fetch: counted(leanFetch(), observe),
});

/** Bolt's `clientOptions`: the client its listeners get, and its response URLs. */
export function listenerClientOptions(apiUrl: string, observe?: ObserveCall): WebClientOptions {
  return { ...bounded(apiUrl, LISTENER_TIMEOUT_MS), retryConfig: LISTENER_RETRIES, fetch: counted(fetchWithin(LISTENER_TIMEOUT_MS), observe) };
}

/** The fields of a Web API call that carry words people read. */
const READ_BY_PEOPLE = ['text', 'blocks', 'initial_comment'] as const;

/**
 * The outbox's own client: nothing it waits for can hold a listener's call. Every text it posts
 * is scrubbed on the way out, whatever Twilio put into it (an error-log entry, an offline reason).
 */
export function outboxClient(token: string, apiUrl: string, logger: Logger, scrub: (text: string) => string, observe?: ObserveCall): WebClient {
  const client = new WebClient(token, { ...bounded(apiUrl, OUTBOX_TIMEOUT_MS, observe), logger: slackLogger(logger) });
  const call = client.apiCall.bind(client);
  client.apiCall = (method, options) => {
    if (!options) return call(method, options);
    const clean: Record<string, unknown> = { ...options };
    for (const key of READ_BY_PEOPLE) {
      const value = clean[key];
      if (typeof value === 'string') clean[key] = scrub(value);
      else if (value !== undefined) clean[key] = JSON.parse(scrub(JSON.stringify(value)));
    }
    return call(method, clean);
  };
  return client;
}

/** For the user group lookup: short, no retry, so an ack is never late because of it. */
export function lookupClient(token: string, apiUrl: string, logger: Logger, observe?: ObserveCall): WebClient {
  return new WebClient(token, { ...bounded(apiUrl, LOOKUP_TIMEOUT_MS, observe), logger: slackLogger(logger) });
}

/** A Web API error Slack answered with 429: how long it asks to wait. */
export function retryAfterMs(error: unknown): number | undefined {
  const { code, retryAfter } = (error ?? {}) as { code?: string; retryAfter?: number };
  return code === 'slack_webapi_rate_limited_error' && typeof retryAfter === 'number' ? retryAfter * 1000 : undefined;
}

/**
 * Bolt's authorize for the bot's one token. Bolt's own asks auth.test once at start and keeps
 * the answer for ever, a failure too: Slack unreachable at that moment would refuse every request
 * until a restart. Here a failed auth.test is forgotten and asked again at the next request.
 */
export function authorizeBotToken(token: string, apiUrl: string, observe?: ObserveCall) {
  const client = new WebClient(undefined, bounded(apiUrl, LISTENER_TIMEOUT_MS, observe));
  let identity: Promise<{ botId?: string; botUserId?: string }> | undefined;
  return async () => {
    identity ??= client.auth.test({ token }).then((answer) => ({ botId: answer.bot_id, botUserId: answer.user_id }));
    try {
      return { botToken: token, ...(await identity) };
    } catch (error) {
      identity = undefined;
      throw error;
    }
  };
}
