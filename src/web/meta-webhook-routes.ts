import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import type { MetaEvent } from '../meta/meta-view.js';
import { metaEventsOf } from '../meta/webhook-events.js';
import { validMetaSignature } from '../meta/webhook-signature.js';
import { type RawBodyLimits, readRawBody } from './read-raw-body.js';
import type { WebRoute } from './routes.js';

export const META_WEBHOOK_PATH = '/meta/webhooks';

/** Meta's deliveries are small JSON documents; 1 MB is far above any. */
const BODY_LIMITS: RawBodyLimits = { maxBytes: 1024 * 1024, idleMs: 10_000 };

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

/** The subscription handshake: Meta proves it knows the verify token and is answered its challenge. */
function handshake(options: MetaWebhookOptions, req: IncomingMessage, res: ServerResponse): void {
  if (!options.verifyToken) {
    answer(res, 404);
    return;
  }
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const token = query.get('hub.verify_token') ?? '';
  if (query.get('hub.mode') !== 'subscribe' || !sameText(token, options.verifyToken)) {
    options.logger.warn("Meta's webhook handshake was refused: wrong mode or verify token");
    answer(res, 403);
    return;
  }
  options.logger.info("Meta's webhook subscription was verified");
  answer(res, 200, query.get('hub.challenge') ?? '');
}

/** A delivery: its signature checked over the raw bytes before anything is read from it. */
async function delivery(options: MetaWebhookOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!options.appSecret) return refuseUnread(req, res, 404);
  const body = await readRawBody(req, options.bodyLimits ?? BODY_LIMITS);
  if (body.kind === 'too_large') return refuseUnread(req, res, 413);
  if (body.kind === 'stalled') return refuseUnread(req, res, 408);
  if (body.kind === 'broken') return refuseUnread(req, res, 400);
  const signature = req.headers['x-hub-signature-256'];
  if (!validMetaSignature(body.bytes, typeof signature === 'string' ? signature : undefined, options.appSecret)) {
    options.logger.warn('a Meta webhook delivery without a valid signature was refused');
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
  return [
    {
      path: META_WEBHOOK_PATH,
      method: ['GET', 'POST'],
      handler: async (req, res) => {
        if (req.method === 'GET') return handshake(options, req, res);
        try {
          await delivery(options, req, res);
        } catch (error) {
          options.logger.error('a Meta webhook delivery failed', { error: { name: (error as Error).name, message: (error as Error).message } });
          if (!res.headersSent) answer(res, 500);
        }
      },
    },
  ];
}
