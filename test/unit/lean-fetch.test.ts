import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTimeout } from '../../src/metrics/call-outcome.js';
import { leanFetch } from '../../src/slack/lean-fetch.js';

let server: Server;
let base: string;
const seen: { method?: string; type?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method, type: req.headers['content-type'], body });
      if (req.url === '/moved') res.writeHead(302, { Location: '/elsewhere' }).end();
      else if (req.url === '/slow') setTimeout(() => res.end('late'), 2_000).unref();
      else if (req.url === '/limited') res.writeHead(429, { 'Retry-After': '3' }).end();
      else res.writeHead(200, { 'Content-Type': 'application/json', 'X-OAuth-Scopes': 'chat:write' }).end('{"ok":false,"error":"channel_not_found"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the fetch Slack calls go through', () => {
  const lean = leanFetch();

  it('sends the method, headers and body, and answers what Slack’s libraries read, twice if asked', async () => {
    const answer = await lean(`${base}/api/chat.postMessage`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text":"hi"}' });
    expect(seen.at(-1)).toEqual({ method: 'POST', type: 'application/json', body: '{"text":"hi"}' });
    expect([answer.ok, answer.status, answer.url]).toEqual([true, 200, `${base}/api/chat.postMessage`]);
    expect(answer.headers.get('x-oauth-scopes')).toBe('chat:write');
    expect([...answer.headers.entries()]).toContainEqual(['content-type', 'application/json']);
    const copy = (answer as unknown as { clone(): typeof answer }).clone();
    expect(await copy.json()).toEqual({ ok: false, error: 'channel_not_found' });
    expect(await answer.text()).toBe('{"ok":false,"error":"channel_not_found"}');
    expect(new TextDecoder().decode(await answer.arrayBuffer())).toBe('{"ok":false,"error":"channel_not_found"}');
  });

  it('tells a 429 by its status and Retry-After, as fetch does', async () => {
    const answer = await lean(`${base}/limited`, { method: 'POST', body: '' });
    expect([answer.ok, answer.status, answer.headers.get('retry-after')]).toEqual([false, 429, '3']);
  });

  it('refuses a redirect when the caller says so, and gives up at the caller’s time limit', async () => {
    await expect(lean(`${base}/moved`, { method: 'POST', body: '', redirect: 'error' })).rejects.toThrow(/redirect/);
    const late = await lean(`${base}/slow`, { method: 'POST', body: '', signal: AbortSignal.timeout(100) }).catch((error: unknown) => error);
    expect(isTimeout(late)).toBe(true);
  });

  it('sends a form (a file upload) through the platform’s fetch', async () => {
    const form = new FormData();
    form.set('file', 'hello');
    const answer = await lean(`${base}/upload`, { method: 'POST', body: form });
    expect(answer.status).toBe(200);
    expect(seen.at(-1)!.type).toMatch(/^multipart\/form-data/);
  });
});
