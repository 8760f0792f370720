import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readRawBody } from '../../src/web/read-raw-body.js';

const LIMITS = { maxBytes: 64, idleMs: 10_000, totalMs: 60_000 };

const request = (headers: Record<string, string> = {}) => Object.assign(new PassThrough(), { headers }) as unknown as IncomingMessage & PassThrough;

describe("reading a webhook's raw body", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gives the exact bytes sent, in pieces or at once', async () => {
    const req = request();
    const body = readRawBody(req, LIMITS);
    req.write(Buffer.from('{"a": '));
    req.end(Buffer.from([0x31, 0x7d]));
    expect(await body).toEqual({ kind: 'body', bytes: Buffer.from('{"a": 1}') });
  });

  it('waits as long as the body keeps arriving, and gives up once it stops for the idle time', async () => {
    const req = request();
    const body = readRawBody(req, LIMITS);
    let settled = false;
    void body.then(() => {
      settled = true;
    });
    for (let i = 0; i < 5; i += 1) {
      req.write('a');
      await vi.advanceTimersByTimeAsync(9_000);
    }
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await body).toEqual({ kind: 'stalled' });
  });

  it('gives up on a body trickling in a byte every few seconds once the whole-body deadline passes', async () => {
    const req = request();
    const body = readRawBody(req, { ...LIMITS, totalMs: 10_000 });
    let settled = false;
    void body.then(() => {
      settled = true;
    });
    for (let i = 0; i < 4; i += 1) {
      req.write('a');
      await vi.advanceTimersByTimeAsync(i < 3 ? 3_000 : 999);
    }
    // 9.999 s in, a byte 0.999 s ago: neither idle nor late yet.
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await body).toEqual({ kind: 'stalled' });
  });

  it('leaves no timer behind once the body is whole', async () => {
    const req = request();
    const body = readRawBody(req, LIMITS);
    req.end('{}');
    expect(await body).toEqual({ kind: 'body', bytes: Buffer.from('{}') });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses a body over the cap, declared or sent', async () => {
    expect(await readRawBody(request({ 'content-length': '65' }), LIMITS)).toEqual({ kind: 'too_large' });
    const req = request();
    const body = readRawBody(req, LIMITS);
    req.write('a'.repeat(64));
    req.write('a');
    expect(await body).toEqual({ kind: 'too_large' });
  });

  it('says so when the request breaks off', async () => {
    const req = request();
    const body = readRawBody(req, LIMITS);
    req.write('a');
    req.emit('aborted');
    expect(await body).toEqual({ kind: 'broken' });
  });
});
