import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import type { MetaEvent } from '../meta/meta-view.js';
import { metaEventsOf } from '../meta/webhook-events.js';
import { validMetaSignature } from '../meta/webhook-signature.js';
import { type RawBody, type RawBodyLimits, readRawBody } from './read-raw-body.js';
import type { WebRoute } from './routes.js';

export const META_WEBHOOK_PATH = '/meta/webhooks';

/** Meta's deliveries are small JSON documents; 256 KB is far above any. */
const BODY_LIMITS: RawBodyLimits = { maxBytes: 256 * 1024, idleMs: 10_000, totalMs: 10_000 };
/** Bodies read at once: each holds memory and a socket until it is whole, so more wait for Meta's retry (503). */
const MAX_BODY_READS = 32;
/** The same refusal is logged at most this often, so a flood of them cannot flood the logs. */
const REFUSAL_LOG_INTERVAL_MS = 60_000;
/** What a delivery must carry before its body is read: Meta's signature header, well formed. */
const SIGNATURE_HEADER = /^sha256=[0-9a-f]{64}$/i;

export interface MetaWebhookOptions {
  /** META_WEBHOOK_VERIFY_TOKEN: unset, the subscription handshake is not served (404). */
  verifyToken?: string;
  /** META_APP_SECRET: unset, no delivery can be checked and none is taken (404). */
  appSecret?: string;
  /**
   * Takes a signed delivery's events (once-guard first: src/senders/meta/meta-events.ts). When it
   * throws, Meta is answered 500 and delivers again.
   */
  accept: (events: MetaEvent[]) => Promise<void>;
  logger: Logger;
  /** Tests shorten the wait for a stalled body. */
  bodyLimits?: RawBodyLimits;
  /** Tests lower the number of bodies read at once. */
  maxBodyReads?: number;
  /** Tests move the clock that spaces refusal logs. */
  now?: () => number;
}

/** The route's own state: bodies being read, and when each kind of refusal was last logged. */
interface RouteState {
  reading: number;
  refusalLogged: Map<string, { at: number; unlogged: number }>;
}

/** Equal texts, compared in a time that tells nothing of where they differ or of their lengths. */
const sameText = (a: string, b: string): boolean => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

const HEADERS = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

const answer = (res: ServerResponse, status: number, body = ''): void => void res.writeHead(status, HEADERS).end(body);

/**
 * Refused before the whole body was read: the connection is closed rather than left to the
 * sender, and what still arrives meanwhile is dropped so the answer reaches it.
 */
function refuseUnread(req: IncomingMessage, res: ServerResponse, status: number): void {
  res.writeHead(status, { ...HEADERS, connection: 'close' }).end();
  req.resume();
}

/** A refusal logged at warn, each kind at most once a minute, with how many went unlogged since. */
function logRefusal(options: MetaWebhookOptions, state: RouteState, why: string): void {
  const now = (options.now ?? Date.now)();
  const last = state.refusalLogged.get(why);
  if (last && now - last.at < REFUSAL_LOG_INTERVAL_MS) {
    last.unlogged += 1;
    return;
  }
  state.refusalLogged.set(why, { at: now, unlogged: 0 });
  options.logger.warn(why, last?.unlogged ? { alsoRefusedSinceLastLog: last.unlogged } : undefined);
}

/** The subscription handshake: Meta proves it knows the verify token and is answered its challenge. */
function handshake(options: MetaWebhookOptions, state: RouteState, req: IncomingMessage, res: ServerResponse): void {
  if (!options.verifyToken) {
    answer(res, 404);
    return;
  }
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const token = query.get('hub.verify_token') ?? '';
  if (query.get('hub.mode') !== 'subscribe' || !sameText(token, options.verifyToken)) {
    logRefusal(options, state, "Meta's webhook handshake was refused: wrong mode or verify token");
    answer(res, 403);
    return;
  }
  options.logger.info("Meta's webhook subscription was verified");
  answer(res, 200, query.get('hub.challenge') ?? '');
}

/** A body not read whole: the answer, and the reason logged. */
const UNREAD: Record<Exclude<RawBody['kind'], 'body'>, [status: number, why: string]> = {
  too_large: [413, 'its body is over the size limit'],
  stalled: [408, 'its body did not arrive in time'],
  broken: [400, 'its request broke off'],
};

/**
 * A delivery: its signature checked over the raw bytes before anything is read from it. Only a
 * request carrying a well-formed signature header has its body read, and only so many at once.
 */
async function delivery(options: MetaWebhookOptions, state: RouteState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!options.appSecret) return refuseUnread(req, res, 404);
  const header = req.headers['x-hub-signature-256'];
  const signature = typeof header === 'string' ? header.trim() : undefined;
  if (!signature || !SIGNATURE_HEADER.test(signature)) {
    logRefusal(options, state, 'a Meta webhook delivery without a well-formed signature was refused unread');
    return refuseUnread(req, res, 403);
  }
  if (state.reading >= (options.maxBodyReads ?? MAX_BODY_READS)) {
    logRefusal(options, state, 'a Meta webhook delivery was refused: too many bodies being read at once');
    return refuseUnread(req, res, 503);
  }
  state.reading += 1;
  let body: RawBody;
  try {
    body = await readRawBody(req, options.bodyLimits ?? BODY_LIMITS);
  } finally {
    state.reading -= 1;
  }
  if (body.kind !== 'body') {
    const [status, why] = UNREAD[body.kind];
    logRefusal(options, state, `a Meta webhook delivery was refused: ${why}`);
    return refuseUnread(req, res, status);
  }
  if (!validMetaSignature(body.bytes, signature, options.appSecret)) {
    logRefusal(options, state, 'a Meta webhook delivery without a valid signature was refused');
    return answer(res, 403);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body.bytes.toString('utf8'));
  } catch {
    options.logger.warn('a signed Meta webhook delivery was not JSON');
    return answer(res, 400);
  }
  const events = metaEventsOf(payload);
  try {
    await options.accept(events);
  } catch (error) {
    // Meta delivers again later; nothing of the delivery itself is logged.
    options.logger.error("Meta's webhook events could not be taken; Meta will deliver them again", {
      events: events.length,
      error: { name: (error as Error).name, message: (error as Error).message },
    });
    return answer(res, 500);
  }
  answer(res, 200);
}

/** Meta's webhooks on PORT at /meta/webhooks: the handshake (GET) and signed deliveries (POST). */
export function metaWebhookRoutes(options: MetaWebhookOptions): WebRoute[] {
  const state: RouteState = { reading: 0, refusalLogged: new Map() };
  return [
    {
      path: META_WEBHOOK_PATH,
      method: ['GET', 'POST'],
      handler: async (req, res) => {
        if (req.method === 'GET') return handshake(options, state, req, res);
        try {
          await delivery(options, state, req, res);
        } catch (error) {
          options.logger.error('a Meta webhook delivery failed', { error: { name: (error as Error).name, message: (error as Error).message } });
          if (!res.headersSent) answer(res, 500);
        }
      },
    },
  ];
}
