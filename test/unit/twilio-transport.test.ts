import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallOutcome } from '../../src/metrics/call-outcome.js';
import { TwilioApiError } from '../../src/twilio/errors.js';
import { createTransport } from '../../src/twilio/transport.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Reply = (seen: Seen) => { status: number; body?: string; headers?: Record<string, string>; hang?: boolean };

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function fakeTwilio(reply: Reply): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const request = { method: req.method!, url: req.url!, headers: req.headers, body };
      seen.push(request);
      const answer = reply(request);
      if (answer.hang) return;
      res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/base`, seen };
}

const ACCOUNT = `AC${'1'.repeat(32)}`;
const transportFor = (baseUrl: string, extra: { maxAttempts?: number; timeoutMs?: number; observe?: (call: CallOutcome) => void } = {}) =>
  createTransport({ username: ACCOUNT, password: 'secret-token', accountSid: ACCOUNT, baseUrl, baseDelayMs: 1, ...extra });

describe('Twilio transport', () => {
  it('sends a JSON body with Basic auth to the base URL, keeping the Twilio path, and reads the JSON answer', async () => {
    const twilio = await fakeTwilio(() => ({ status: 201, body: '{"sid":"XE1","status":"CREATING"}' }));
    const response = await transportFor(twilio.url)<{ sid: string }>({
      method: 'post',
      url: 'https://messaging.twilio.com/v2/Channels/Senders',
      json: { sender_id: 'whatsapp:+14155550100', profile: { name: 'Acme' } },
    });
    expect(response).toEqual({ status: 201, body: { sid: 'XE1', status: 'CREATING' } });
    const [request] = twilio.seen;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/base/v2/Channels/Senders');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT}:secret-token`).toString('base64')}`);
    expect(request!.headers['user-agent']).toMatch(/^twilio-node\//);
    expect(JSON.parse(request!.body)).toEqual({ sender_id: 'whatsapp:+14155550100', profile: { name: 'Acme' } });
  });

  it('form-encodes a form body and query parameters, a list as the same name repeated', async () => {
    const twilio = await fakeTwilio(() => ({ status: 200, body: '{}' }));
    const send = transportFor(twilio.url);
    await send({ method: 'post', url: 'https://api.twilio.com/2010-04-01/Accounts.json', form: { FriendlyName: 'Acme & Co / Ünïcode' } });
    await send({
      method: 'get',
      url: 'https://messaging.twilio.com/v2/Channels/Senders?Channel=whatsapp',
      query: { PageSize: 1000, Tag: ['a', 'b'] as unknown as string },
    });
    expect(new URLSearchParams(twilio.seen[0]!.body).get('FriendlyName')).toBe('Acme & Co / Ünïcode');
    expect(twilio.seen[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(twilio.seen[1]!.url).toBe('/base/v2/Channels/Senders?Channel=whatsapp&PageSize=1000&Tag=a&Tag=b');
  });

  it('turns an error answer into a TwilioApiError with Twilio’s code and message', async () => {
    const twilio = await fakeTwilio(() => ({ status: 400, body: '{"code":63100,"message":"Invalid display name","status":400}' }));
    const failure = await transportFor(twilio.url)({ method: 'get', url: 'https://messaging.twilio.com/v2/Channels/Senders/XE1' }).catch((e) => e);
    expect(failure).toBeInstanceOf(TwilioApiError);
    expect(failure).toMatchObject({ status: 400, code: 63100 });
  });

  it('names the HTTP status when an error answer has no body', async () => {
    const twilio = await fakeTwilio(() => ({ status: 404 }));
    const failure = await transportFor(twilio.url)({ method: 'get', url: 'https://messaging.twilio.com/v2/Channels/Senders/XE1' }).catch((e) => e);
    expect(failure).toMatchObject({ status: 404, message: 'Twilio answered HTTP 404' });
  });

  it('retries a throttled request after Retry-After, and gives up with the cause after its attempts', async () => {
    let calls = 0;
    const twilio = await fakeTwilio(() =>
      ++calls < 3
        ? { status: 429, body: '{"code":20429,"message":"Too Many Requests"}', headers: { 'Retry-After': '0' } }
        : { status: 200, body: '{"ok":true}' },
    );
    expect((await transportFor(twilio.url)({ method: 'get', url: 'https://messaging.twilio.com/v2/Channels/Senders' })).body).toEqual({ ok: true });
    expect(calls).toBe(3);
  });

  it('reports a lost connection as no answer from Twilio, without the auth token', async () => {
    const twilio = await fakeTwilio(() => ({ status: 0, hang: true }));
    const pending = transportFor(twilio.url, { maxAttempts: 1 })({ method: 'get', url: 'https://messaging.twilio.com/v2/Channels/Senders/XE1' }).catch(
      (e) => e,
    );
    while (twilio.seen.length === 0) await new Promise((r) => setTimeout(r, 5));
    server!.closeAllConnections();
    const failure = (await pending) as TwilioApiError;
    expect(failure).toBeInstanceOf(TwilioApiError);
    expect(failure.message).toMatch(/^No answer from Twilio/);
    expect(failure.message).not.toContain('secret-token');
  });

  it('scrubs an error answer that quotes the credentials it was sent, main or a subaccount’s, before anyone sees it', async () => {
    const echo: Reply = (seen) => {
      const credentials = Buffer.from((seen.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      const quoted = `Credentials ${credentials}; header ${seen.headers.authorization}`;
      return { status: 500, body: JSON.stringify({ code: 20500, message: quoted, more_info: `https://example.test/?q=${quoted}` }) };
    };
    const twilio = await fakeTwilio(echo);
    const send = transportFor(twilio.url, { maxAttempts: 1 });
    const subaccount = { username: `AC${'2'.repeat(32)}`, password: 'subaccount-token-456' };
    for (const auth of [undefined, subaccount]) {
      const failure = (await send({ method: 'get', url: 'https://messaging.twilio.com/v2/Channels/Senders/XE1', auth }).catch((e) => e)) as TwilioApiError;
      const password = auth?.password ?? 'secret-token';
      const basic = Buffer.from(`${auth?.username ?? ACCOUNT}:${password}`).toString('base64');
      for (const text of [failure.message, failure.moreInfo!, failure.stack!]) {
        expect(text).toContain('Credentials ');
        expect(text).not.toContain(password);
        expect(text).not.toContain(basic);
      }
      expect(failure.code).toBe(20500);
    }
  });

  it('tells how each attempt ended, for the metrics: a 429 then ok, an error code, a timeout, with SIDs and numbers out of the endpoint', async () => {
    const seen: CallOutcome[] = [];
    let calls = 0;
    const twilio = await fakeTwilio((request) => {
      calls += 1;
      if (request.url.includes('/hang')) return { status: 0, hang: true };
      if (request.url.includes('PhoneNumbers')) return { status: 400, body: '{"code":21211,"message":"Invalid number"}' };
      return calls === 1 ? { status: 429, body: '{"code":20429,"message":"Too Many Requests"}' } : { status: 200, body: '{}' };
    });
    const send = transportFor(twilio.url, { timeoutMs: 100, observe: (call) => seen.push(call) });
    await send({ method: 'get', url: `https://messaging.twilio.com/v2/Channels/Senders/XE${'a'.repeat(32)}` });
    await send({ method: 'get', url: 'https://lookups.twilio.com/v2/PhoneNumbers/+14155550100' }).catch(() => undefined);
    const once = transportFor(twilio.url, { maxAttempts: 1, timeoutMs: 100, observe: (call) => seen.push(call) });
    await once({ method: 'get', url: 'https://api.twilio.com/hang' }).catch(() => undefined);
    expect(seen).toEqual([
      { endpoint: 'GET /v2/Channels/Senders/{Sid}', outcome: 'rate_limited', code: '20429' },
      { endpoint: 'GET /v2/Channels/Senders/{Sid}', outcome: 'ok', code: '' },
      { endpoint: 'GET /v2/PhoneNumbers/{id}', outcome: 'error', code: '21211' },
      { endpoint: 'GET /hang', outcome: 'timeout', code: '' },
    ]);
  });
});

describe("fetching a recording's audio", () => {
  const RECORDING = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/RE${'2'.repeat(32)}.mp3`;
  const audio = Buffer.from([0x49, 0x44, 0x33, 0x04, 0xff, 0xfb, 0x90]);

  /** A Twilio answering the recording with `write` (the head and body are its to send). */
  async function mediaServer(write: (res: ServerResponse) => void): Promise<string> {
    server = createServer((_req, res) => write(res));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/base`;
  }

  it('reads the audio bytes of a 2xx audio answer', async () => {
    const url = await mediaServer((res) => res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(audio));
    expect((await transportFor(url)<Buffer>({ method: 'get', url: RECORDING, media: true })).body).toEqual(audio);
  });

  it('refuses an answer that is not audio, or not a 2xx', async () => {
    const page = await mediaServer((res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>sign in</html>'));
    await expect(transportFor(page)({ method: 'get', url: RECORDING, media: true })).rejects.toThrow(/no audio for the recording \(HTTP 200\)/);
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    const moved = await mediaServer((res) => res.writeHead(302, { location: 'https://example.com/x.mp3', 'content-type': 'audio/mpeg' }).end());
    await expect(transportFor(moved)({ method: 'get', url: RECORDING, media: true })).rejects.toThrow(/HTTP 302/);
  });

  it('stops reading past 16 MB, even sent chunked without a length', async () => {
    let sent = 0;
    const url = await mediaServer((res) => {
      res.writeHead(200, { 'content-type': 'audio/mpeg', 'transfer-encoding': 'chunked' });
      const chunk = Buffer.alloc(1024 * 1024);
      const more = () => {
        while (sent < 40 && !res.destroyed) {
          sent += 1;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    await expect(transportFor(url, { maxAttempts: 1 })({ method: 'get', url: RECORDING, media: true })).rejects.toThrow(/larger than 16777216 bytes/);
    expect(sent).toBeLessThan(40);
  });
});
