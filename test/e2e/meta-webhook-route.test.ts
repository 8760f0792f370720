import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/logger.js';
import type { MetaEvent } from '../../src/meta/meta-view.js';
import { metaEventsOf } from '../../src/meta/webhook-events.js';
import { metaSignature } from '../../src/meta/webhook-signature.js';
import { newMetaEvents } from '../../src/senders/meta/meta-events.js';
import { type MetaWebhookOptions, metaWebhookRoutes } from '../../src/web/meta-webhook-routes.js';
import type { WebRoute } from '../../src/web/routes.js';
import { type OpenedStore, storeFactories } from '../store/factories.js';
import { ManualClock } from '../support/manual-clock.js';

const APP_SECRET = 'meta-app-secret-0123456789abcdef';
const VERIFY_TOKEN = 'verify-token-fedcba9876543210';
const WABA = '102290129340398';
const TIME = 1_765_000_000;

/** A delivery as Meta sends it: a number's quality dropped, and a display name declined (the body also carries a marker no log may show). */
const PAYLOAD = {
  object: 'whatsapp_business_account',
  entry: [
    {
      id: WABA,
      time: TIME,
      changes: [
        { field: 'phone_number_quality_update', value: { display_phone_number: '16505551111', event: 'DOWNGRADE', current_limit: 'TIER_1K' } },
        {
          field: 'phone_number_name_update',
          value: {
            display_phone_number: '16505552222',
            decision: 'REJECTED',
            requested_verified_name: 'BODY-MARKER Store',
            rejection_reason: 'NAME_FORMAT_UNACCEPTABLE',
          },
        },
      ],
    },
  ],
};

/** Every line logged, as text, to look for what must never be there; warnings also apart, with their fields. */
function recordingLogger(): Logger & { lines: string[]; warnings: [string, Record<string, unknown> | undefined][] } {
  const lines: string[] = [];
  const warnings: [string, Record<string, unknown> | undefined][] = [];
  const log = (message: string, fields?: Record<string, unknown>) => void lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  const warn = (message: string, fields?: Record<string, unknown>) => {
    warnings.push([message, fields]);
    log(message, fields);
  };
  return { lines, warnings, debug: log, info: log, warn, error: log };
}

/** A plain HTTP server serving the routes as Bolt's receivers do (path and method); `onRequest` once the route has it. */
async function serve(routes: WebRoute[], onRequest: () => void = () => {}): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((r) => r.path === path && [r.method].flat().includes(req.method as 'GET' | 'POST'));
    if (!route) return void res.writeHead(404).end();
    void route.handler(req, res);
    onRequest();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/meta/webhooks`, server };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

interface Bot {
  url: string;
  accepted: MetaEvent[][];
  logger: ReturnType<typeof recordingLogger>;
  /** Resolves once the route has been handed this many requests. */
  handed: (count: number) => Promise<void>;
}

async function startRoutes(options: Partial<MetaWebhookOptions> = {}): Promise<Bot> {
  const accepted: MetaEvent[][] = [];
  const logger = recordingLogger();
  let count = 0;
  const waiting: { count: number; resolve: () => void }[] = [];
  const onRequest = () => {
    count += 1;
    for (const wait of waiting.filter((w) => w.count <= count)) wait.resolve();
  };
  const handed = (wanted: number) => (count >= wanted ? Promise.resolve() : new Promise<void>((resolve) => void waiting.push({ count: wanted, resolve })));
  const { url, server } = await serve(
    metaWebhookRoutes({
      verifyToken: VERIFY_TOKEN,
      appSecret: APP_SECRET,
      accept: async (events) => void accepted.push(events),
      logger,
      ...options,
    }),
    onRequest,
  );
  servers.push(server);
  return { url, accepted, logger, handed };
}

const handshake = (url: string, query: Record<string, string>) => fetch(`${url}?${new URLSearchParams(query)}`);

const deliver = (url: string, body: string, signature?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }) },
    body,
  });

const deliverSigned = (url: string, body: string) => deliver(url, body, metaSignature(Buffer.from(body), APP_SECRET));

/** A signature header of the right form (it signs nothing sent here). */
const WELL_FORMED = `sha256=${'ab'.repeat(32)}`;

interface Answer {
  status: number;
  connection: string | undefined;
}

/**
 * A POST declaring `length` bytes that sends only `part` and then waits (unsigned when the signature
 * is null): its answer, and a way to send the rest or to drop the request.
 */
function openDelivery(url: string, length: number, part: string, signature: string | null = WELL_FORMED) {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(length) };
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  const req = request(url, { method: 'POST', headers });
  const answered = new Promise<Answer>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
    });
    req.on('error', reject);
  });
  req.write(part);
  return { answered, finish: (rest: string) => void req.end(rest), drop: () => void req.destroy() };
}

/** A POST declaring `length` bytes that sends only `part` and then nothing: the status it is answered. */
const partOfBody = async (url: string, length: number, part: string) => (await openDelivery(url, length, part).answered).status;

/** Limits under which a body that stops arriving is waited for longer than any test lasts. */
const PATIENT = { maxBytes: 256 * 1024, idleMs: 60_000, totalMs: 60_000 };

describe("Meta's webhook route: the subscription handshake", () => {
  it('answers the challenge as plain text when the mode is subscribe and the verify token is right', async () => {
    const bot = await startRoutes();
    const response = await handshake(bot.url, { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('1158201444');
  });

  it('refuses a wrong or missing token, and another mode, without the challenge', async () => {
    const bot = await startRoutes();
    const queries: Record<string, string>[] = [
      { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '42' },
      { 'hub.mode': 'subscribe', 'hub.verify_token': `${VERIFY_TOKEN}x`, 'hub.challenge': '42' },
      { 'hub.mode': 'subscribe', 'hub.challenge': '42' },
      { 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '42' },
    ];
    for (const query of queries) {
      const response = await handshake(bot.url, query);
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain('42');
    }
  });

  it('is not served without META_WEBHOOK_VERIFY_TOKEN', async () => {
    const bot = await startRoutes({ verifyToken: undefined });
    expect((await handshake(bot.url, { 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '42' })).status).toBe(404);
  });
});

describe("Meta's webhook route: deliveries", () => {
  const body = JSON.stringify(PAYLOAD);

  it('takes a signed delivery: its events are accepted once, as parsed from the body, and Meta gets 200', async () => {
    const bot = await startRoutes();
    const response = await deliverSigned(bot.url, body);
    expect(response.status).toBe(200);
    expect(bot.accepted).toEqual([metaEventsOf(PAYLOAD)]);
    expect(bot.accepted[0]!.map((e) => [e.field, e.numbers])).toEqual([
      ['phone_number_quality_update', ['+16505551111']],
      ['phone_number_name_update', ['+16505552222']],
    ]);
  });

  it('refuses with 403 a delivery unsigned, signed with another secret, or changed after signing, and accepts nothing', async () => {
    const bot = await startRoutes();
    const changed = body.replace('DOWNGRADE', 'UPGRADE');
    const refused = [
      await deliver(bot.url, body),
      await deliver(bot.url, body, ''),
      await deliver(bot.url, body, metaSignature(Buffer.from(body), 'another-secret')),
      await deliver(bot.url, changed, metaSignature(Buffer.from(body), APP_SECRET)),
      await deliver(bot.url, body, `sha1=${metaSignature(Buffer.from(body), APP_SECRET).slice(7)}`),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    expect(bot.accepted).toEqual([]);
  });

  it('answers 400 to a signed body that is not JSON, and accepts nothing', async () => {
    const bot = await startRoutes();
    expect((await deliverSigned(bot.url, '{"object":"whatsapp_business_account",')).status).toBe(400);
    expect(bot.accepted).toEqual([]);
  });

  it('answers 500 when the events cannot be taken, so Meta delivers them again', async () => {
    let fails = true;
    const taken: MetaEvent[][] = [];
    const bot = await startRoutes({
      accept: async (events) => {
        if (fails) throw new Error('the store refused the write');
        taken.push(events);
      },
    });
    expect((await deliverSigned(bot.url, body)).status).toBe(500);
    fails = false;
    expect((await deliverSigned(bot.url, body)).status).toBe(200);
    expect(taken).toHaveLength(1);
  });

  it('refuses a body declared over 256 KB with 413 before reading it, and accepts nothing', async () => {
    // A body sent longer than declared is cut at the limit too (test/unit/read-raw-body.test.ts).
    const bot = await startRoutes();
    expect(await partOfBody(bot.url, 256 * 1024 + 1, body)).toBe(413);
    expect(bot.accepted).toEqual([]);
  });

  it('takes a signed delivery of just under 256 KB', async () => {
    const bot = await startRoutes();
    const big = JSON.stringify({ ...PAYLOAD, padding: 'x'.repeat(256 * 1024 - body.length - 20) });
    expect(big.length).toBeLessThanOrEqual(256 * 1024);
    expect((await deliverSigned(bot.url, big)).status).toBe(200);
    expect(bot.accepted).toHaveLength(1);
  });

  it('answers 408 to a body that stops arriving, and accepts nothing', async () => {
    const bot = await startRoutes({ bodyLimits: { ...PATIENT, idleMs: 200 } });
    expect(await partOfBody(bot.url, body.length, body.slice(0, body.length / 2))).toBe(408);
    expect(bot.accepted).toEqual([]);
  });

  it('answers 408 to a body not whole by the deadline, however recently a byte came, and closes the connection', async () => {
    const bot = await startRoutes({ bodyLimits: { ...PATIENT, totalMs: 200 } });
    expect(await openDelivery(bot.url, body.length, body.slice(0, body.length / 2)).answered).toEqual({ status: 408, connection: 'close' });
    expect(bot.accepted).toEqual([]);
  });

  it('refuses with 403 before reading its body, closing the connection, a delivery without a well-formed signature header', async () => {
    // The bodies never finish and would be waited for a minute: only a refusal before reading answers in time.
    const bot = await startRoutes({ bodyLimits: PATIENT });
    const hex = 'ab'.repeat(32);
    for (const signature of [null, '', 'sha256=', `sha256=${hex.slice(2)}`, `sha256=${hex}00`, `sha1=${hex}`, `sha256=${'g'.repeat(64)}`]) {
      const refused = openDelivery(bot.url, body.length, body.slice(0, 10), signature);
      expect(await refused.answered).toEqual({ status: 403, connection: 'close' });
      refused.drop();
    }
    expect(bot.accepted).toEqual([]);
  });

  it("takes Meta's signature in capitals too", async () => {
    const bot = await startRoutes();
    const signature = metaSignature(Buffer.from(body), APP_SECRET);
    expect((await deliver(bot.url, body, `sha256=${signature.slice(7).toUpperCase()}`)).status).toBe(200);
    expect(bot.accepted).toHaveLength(1);
  });

  it('reads only so many bodies at once: one more is answered 503 and its connection closed, until a read ends', async () => {
    const bot = await startRoutes({ maxBodyReads: 2, bodyLimits: PATIENT });
    const signature = metaSignature(Buffer.from(body), APP_SECRET);
    const reading = [openDelivery(bot.url, body.length, body.slice(0, 10), signature), openDelivery(bot.url, body.length, body.slice(0, 10), signature)];
    await bot.handed(2);
    const busy = openDelivery(bot.url, body.length, body.slice(0, 10), signature);
    expect(await busy.answered).toEqual({ status: 503, connection: 'close' });
    busy.drop();
    reading[0]!.finish(body.slice(10));
    expect((await reading[0]!.answered).status).toBe(200);
    expect((await deliverSigned(bot.url, body)).status).toBe(200);
    reading[1]!.finish(body.slice(10));
    expect((await reading[1]!.answered).status).toBe(200);
    expect(bot.accepted).toHaveLength(3);
  });

  it('logs refusals at warn, each kind at most once a minute, then how many went unlogged', async () => {
    let now = Date.parse('2026-12-07T12:00:00Z');
    const bot = await startRoutes({ now: () => now });
    const forged = metaSignature(Buffer.from(body), 'another-secret');
    for (let i = 0; i < 3; i += 1) await deliver(bot.url, body);
    for (let i = 0; i < 2; i += 1) await deliver(bot.url, body, forged);
    now += 59_999;
    await deliver(bot.url, body);
    expect(bot.logger.warnings).toEqual([
      ['a Meta webhook delivery without a well-formed signature was refused unread', undefined],
      ['a Meta webhook delivery without a valid signature was refused', undefined],
    ]);
    now += 1;
    await deliver(bot.url, body);
    await deliver(bot.url, body, forged);
    expect(bot.logger.warnings.slice(2)).toEqual([
      ['a Meta webhook delivery without a well-formed signature was refused unread', { alsoRefusedSinceLastLog: 3 }],
      ['a Meta webhook delivery without a valid signature was refused', { alsoRefusedSinceLastLog: 1 }],
    ]);
  });

  it('takes no delivery without META_APP_SECRET', async () => {
    const bot = await startRoutes({ appSecret: undefined });
    expect((await deliverSigned(bot.url, body)).status).toBe(404);
    expect(bot.accepted).toEqual([]);
  });

  it('logs no body, token, secret or signature, whatever it refuses', async () => {
    const bot = await startRoutes({
      accept: async () => {
        throw new Error('storage unavailable');
      },
    });
    const signature = metaSignature(Buffer.from(body), APP_SECRET);
    await handshake(bot.url, { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' });
    await handshake(bot.url, { 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong-token-guess', 'hub.challenge': '1' });
    await deliver(bot.url, body, metaSignature(Buffer.from(body), 'another-secret'));
    await deliver(bot.url, 'BODY-MARKER not json', metaSignature(Buffer.from('BODY-MARKER not json'), APP_SECRET));
    await deliver(bot.url, body, signature);
    expect(bot.logger.lines.length).toBeGreaterThanOrEqual(4);
    const logged = bot.logger.lines.join('\n');
    for (const hidden of [APP_SECRET, VERIFY_TOKEN, 'wrong-token-guess', signature.slice(7), 'BODY-MARKER', '16505551111'])
      expect(logged).not.toContain(hidden);
  });
});

describe.each(storeFactories)("Meta's webhook route with the once-guard on the $kind store", (factory) => {
  let skip: string | undefined;
  let opened: OpenedStore | undefined;
  beforeAll(async () => {
    skip = await factory.unavailable();
  });
  afterEach(async () => {
    await opened?.dispose();
    opened = undefined;
  });
  afterAll(async () => {
    if (!skip) await factory.release?.();
  });

  it('handles an event once, however often Meta delivers it: twice in a row, twice at once, twice in one delivery', async (context) => {
    if (skip) return context.skip();
    opened = await factory.open();
    const ctx = { store: opened.store, clock: new ManualClock() };
    const handled: MetaEvent[] = [];
    const bot = await startRoutes({ accept: async (events) => void handled.push(...(await newMetaEvents(ctx, events))) });
    const body = JSON.stringify(PAYLOAD);

    expect((await deliverSigned(bot.url, body)).status).toBe(200);
    expect(handled.map((e) => e.field)).toEqual(['phone_number_quality_update', 'phone_number_name_update']);
    // Meta's retry, and two more at once: all answered 200, nothing handled again.
    ctx.clock.advance(60_000);
    const again = await Promise.all([deliverSigned(bot.url, body), deliverSigned(bot.url, body), deliverSigned(bot.url, body)]);
    expect(again.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(handled).toHaveLength(2);

    // A new event listed twice in one delivery, delivered at once to two replicas' routes on the same store.
    const change = {
      field: 'account_update',
      value: { event: 'ACCOUNT_RESTRICTION', restriction_info: [{ restriction_type: 'RESTRICTED_BIZ_INITIATED_MESSAGING' }] },
    };
    const twice = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: WABA, time: TIME + 60, changes: [change, change] }] });
    const replica = await startRoutes({ accept: async (events) => void handled.push(...(await newMetaEvents(ctx, events))) });
    const both = await Promise.all([deliverSigned(bot.url, twice), deliverSigned(replica.url, twice)]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(handled.map((e) => e.field)).toEqual(['phone_number_quality_update', 'phone_number_name_update', 'account_update']);
  });
});
