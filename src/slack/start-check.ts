import { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import { slackLogger } from './clients.js';

/** Slack's answers that mean the token itself is wrong: no retry can help, a person must fix the setting. */
const REFUSALS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
  'missing_scope',
  'team_access_not_granted',
  'no_permission',
]);

/** How long one attempt may take before it counts as Slack not answering. */
const ATTEMPT_TIMEOUT_MS = 10_000;

export interface StartCheckTokens {
  botToken: string;
  /** Socket Mode's app-level token; unset in HTTP mode. */
  appToken?: string;
  apiUrl: string;
}

export interface StartCheckPace {
  /** The wait after the first failed attempt; it doubles after each one... */
  firstRetryMs: number;
  /** ...up to this. */
  maxRetryMs: number;
}

const DEFAULT_PACE: StartCheckPace = { firstRetryMs: 1_000, maxRetryMs: 30_000 };

/** A token Slack refused: the setting to fix and one line saying how. */
export class SlackTokenRefused extends Error {
  constructor(
    readonly setting: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN',
    readonly slackError: string,
  ) {
    super(refusalLine(setting, slackError));
  }
}

function refusalLine(setting: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN', slackError: string): string {
  const fix =
    setting === 'SLACK_BOT_TOKEN'
      ? 'copy the Bot User OAuth Token (xoxb-…) from your Slack app’s OAuth & Permissions page, reinstalling the app if it was removed'
      : 'create an app-level token (xapp-…) with the connections:write scope under your Slack app’s Basic Information, App-Level Tokens';
  return `The bot cannot start: Slack refuses ${setting} (${slackError}); ${fix}, put it into ${setting} and start again.`;
}

type Outcome = { ok: true } | { refused: string } | { unreachable: string };

/**
 * Asks Slack, before the bot starts, whether its tokens work: auth.test for the bot token and, in
 * Socket Mode, apps.connections.open (what Socket Mode itself calls) for the app token. A refused
 * token throws SlackTokenRefused. Slack not answering (no such host, connection refused, time-out,
 * its own 5xx) is logged once per attempt and asked again, waiting 1 s, then twice as long each
 * time up to 30 s: a short Slack outage at boot delays the start instead of ending it.
 */
export async function checkSlackTokens(tokens: StartCheckTokens, logger: Logger, pace: StartCheckPace = DEFAULT_PACE): Promise<void> {
  // The client's own logger stays quiet: each attempt is told once, below, in the bot's words.
  const quiet = slackLogger({ debug: () => {}, info: () => {}, warn: () => {}, error: () => {} });
  const client = new WebClient(undefined, {
    logger: quiet,
    slackApiUrl: tokens.apiUrl,
    timeout: ATTEMPT_TIMEOUT_MS,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  const checks: { setting: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN'; ask: () => Promise<unknown> }[] = [
    { setting: 'SLACK_BOT_TOKEN', ask: () => client.auth.test({ token: tokens.botToken }) },
  ];
  if (tokens.appToken) {
    const appToken = tokens.appToken;
    checks.push({ setting: 'SLACK_APP_TOKEN', ask: () => client.apps.connections.open({ token: appToken }) });
  }
  let waitMs = pace.firstRetryMs;
  for (const check of checks) {
    for (;;) {
      const outcome = await attempt(check.ask);
      if ('ok' in outcome) break;
      if ('refused' in outcome) throw new SlackTokenRefused(check.setting, outcome.refused);
      logger.warn(`Slack cannot be reached at ${tokens.apiUrl} (${outcome.unreachable}); trying again in ${formatWait(waitMs)}`, { checking: check.setting });
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      waitMs = Math.min(waitMs * 2, pace.maxRetryMs);
    }
  }
}

async function attempt(ask: () => Promise<unknown>): Promise<Outcome> {
  try {
    await ask();
    return { ok: true };
  } catch (error) {
    const { code, data, original, statusCode } = (error ?? {}) as { code?: string; data?: { error?: string }; original?: unknown; statusCode?: number };
    if (code === 'slack_webapi_platform_error' && data?.error && REFUSALS.has(data.error)) return { refused: data.error };
    if (code === 'slack_webapi_platform_error') return { unreachable: `Slack answered ${data?.error ?? 'an error'}` };
    if (code === 'slack_webapi_http_error') return { unreachable: `Slack answered HTTP ${statusCode}` };
    if (code === 'slack_webapi_rate_limited_error') return { unreachable: 'Slack asks to slow down' };
    return { unreachable: causeOf(original ?? error) };
  }
}

/** What the network said, in words, with its code for a search: ENOTFOUND, ECONNREFUSED, a time-out. */
const NETWORK_WORDS: Record<string, string> = {
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be looked up',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection dropped',
  ETIMEDOUT: 'no answer in time',
  ECONNABORTED: 'no answer in time',
};

function causeOf(error: unknown): string {
  const { code, message, cause } = (error ?? {}) as { code?: string; message?: string; cause?: unknown };
  if (cause) return causeOf(cause);
  if (code && NETWORK_WORDS[code]) return `${NETWORK_WORDS[code]}, ${code}`;
  if (/timeout|timed out/i.test(message ?? '')) return 'no answer in time';
  return code ?? message ?? String(error);
}

const formatWait = (ms: number) => (ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`);
