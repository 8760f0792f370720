import twilio from 'twilio';
import { isTimeout, type ObserveCall } from '../metrics/call-outcome.js';
import { SecretRegistry } from '../secrets.js';
import { errorFromResponse, TwilioApiError } from './errors.js';
import { isMedia, type TwilioHttpResponse, UndiciHttpClient } from './http-client.js';

export interface TransportOptions {
  username: string;
  password: string;
  accountSid: string;
  /** Set to send every Twilio domain to one base URL (the simulator); unset for the real Twilio. */
  baseUrl?: string;
  maxAttempts?: number;
  /** How long one request may take before it counts as unanswered. */
  timeoutMs?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Where the credentials are registered and what an error's text is scrubbed with; the bot shares its own. */
  secrets?: SecretRegistry;
  /** Told how each attempt ended (ok, Twilio's error code, 429, 5xx, a timeout or no answer). */
  observe?: ObserveCall;
}

export interface TwilioRequest {
  method: 'get' | 'post' | 'delete';
  url: string;
  form?: Record<string, string>;
  json?: unknown;
  query?: Record<string, string | number>;
  auth?: { username: string; password: string };
  /** Retry 5xx and lost answers too. Off for creates, which the caller reconciles instead. */
  retryUncertain?: boolean;
  /** This request's own time limit, shorter than the transport's (a look that must not hold anyone up). */
  timeoutMs?: number;
  /** At most this many tries, fewer than the transport's. */
  attempts?: number;
  /** The answer is media (a recording): its bytes come back as a Buffer. */
  media?: boolean;
}

export interface TwilioResponse<T> {
  status: number;
  body: T;
}

export type Transport = <T>(request: TwilioRequest) => Promise<TwilioResponse<T>>;

/** Sends every Twilio domain to one base URL, keeping the path and query. */
const toBase = (base: URL) => (uri: URL) => {
  const target = new URL(base.href);
  target.pathname = target.pathname.replace(/\/$/, '') + uri.pathname;
  target.search = uri.search;
  return target;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createTransport(options: TransportOptions): Transport {
  const httpClient = new UndiciHttpClient(options.baseUrl ? toBase(new URL(options.baseUrl)) : undefined);
  const client = twilio(options.username, options.password, { accountSid: options.accountSid, httpClient: httpClient as unknown as twilio.RequestClient });
  const maxAttempts = options.maxAttempts ?? 4;
  const baseDelay = options.baseDelayMs ?? 500;
  const sleep = options.sleep ?? defaultSleep;
  const secrets = options.secrets ?? new SecretRegistry();
  secrets.addCredentials(options.username, options.password);

  const observe = options.observe ?? (() => {});

  const once = async <T>(req: TwilioRequest): Promise<TwilioResponse<T>> => {
    const endpoint = endpointOf(req);
    // Whoever passed these credentials registers them too; an error quoting them must not wait for that.
    const scrub = (text: string) => {
      if (req.auth) secrets.addCredentials(req.auth.username, req.auth.password);
      return secrets.scrub(text);
    };
    const headers: Record<string, string> = {};
    let data: unknown;
    if (req.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      data = req.json;
    } else if (req.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      data = req.form;
    }
    let response: TwilioHttpResponse;
    try {
      response = (await client.request({
        method: req.method,
        uri: req.url,
        params: req.query,
        data: data as object,
        headers,
        username: req.auth?.username,
        password: req.auth?.password,
        timeout: req.timeoutMs ?? options.timeoutMs,
      })) as TwilioHttpResponse;
    } catch (error) {
      observe({ endpoint, outcome: isTimeout(error) ? 'timeout' : 'no_answer', code: '' });
      throw new TwilioApiError(0, undefined, scrub(`No answer from Twilio (${(error as Error).message})`));
    }
    if (response.statusCode >= 400) {
      const failure = errorFromResponse(response.statusCode, errorBody(response.body, scrub), response.headers['retry-after'], scrub);
      const outcome = failure.throttled ? 'rate_limited' : failure.uncertain ? 'server_error' : 'error';
      observe({ endpoint, outcome, code: String(failure.code ?? failure.status) });
      throw failure;
    }
    if (req.media && (response.statusCode >= 300 || !isMedia(response.headers['content-type']))) {
      // Not the recording itself (a redirect, or a page where audio was expected): nothing to share.
      observe({ endpoint, outcome: 'error', code: String(response.statusCode) });
      throw new TwilioApiError(response.statusCode, undefined, `Twilio answered no audio for the recording (HTTP ${response.statusCode}).`);
    }
    observe({ endpoint, outcome: 'ok', code: '' });
    if (req.media) return { status: response.statusCode, body: Buffer.from(response.body, 'base64') as T };
    const body = response.body.length > 0 ? safeJson(response.body) : response.body;
    return { status: response.statusCode, body: body as T };
  };

  return async <T>(req: TwilioRequest) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await once<T>(req);
      } catch (error) {
        if (!(error instanceof TwilioApiError)) throw error;
        const retryable = error.throttled || (error.uncertain && req.retryUncertain !== false);
        if (!retryable || attempt >= Math.min(maxAttempts, req.attempts ?? maxAttempts)) throw error;
        // Full jitter, but never sooner than Twilio's Retry-After.
        const backoff = Math.random() * baseDelay * 2 ** (attempt - 1);
        await sleep(Math.max(backoff, error.retryAfterMs ?? 0));
      }
    }
  };
}

/** A resource's SID, or a path segment that may hold a phone number: neither goes into a metric's label. */
const SID_SEGMENT = /^[A-Z]{2}[0-9a-fA-F]{32}(\.json|\.mp3)?$/;
const NUMBER_LIKE = /^\+|%2B|\d{4,}/i;
/** The API version in a path (`2010-04-01`, `v2`): part of the route's name, kept as it is. */
const API_VERSION = /^(\d{4}-\d{2}-\d{2}|v\d+)$/;

/** The request's method and path with its SIDs and numbers replaced, e.g. `GET /2010-04-01/Accounts/{Sid}.json`. */
export function endpointOf(req: Pick<TwilioRequest, 'method' | 'url'>): string {
  const path = new URL(req.url).pathname
    .split('/')
    .map((segment) =>
      API_VERSION.test(segment)
        ? segment
        : SID_SEGMENT.test(segment)
          ? `{Sid}${segment.match(/\.(json|mp3)$/)?.[0] ?? ''}`
          : NUMBER_LIKE.test(segment)
            ? '{id}'
            : segment,
    )
    .join('/');
  return `${req.method.toUpperCase()} ${path}`;
}

/** An error answer's body; a text one (a proxy's page) is scrubbed before it is cut, so no secret survives in part. */
function errorBody(text: string, scrub: (text: string) => string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const clean = scrub(text).trim();
    return clean ? { message: clean.slice(0, 200) } : {};
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // An empty error answer has no message of its own: the caller then names the HTTP status.
    return text.trim() ? { message: text.slice(0, 200) } : {};
  }
}
