import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readForm } from '../../src/web/read-form.js';

const LIMITS = { maxBytes: 64, deadlineMs: 10_000 };

const request = (headers: Record<string, string> = {}) => Object.assign(new PassThrough(), { headers }) as unknown as IncomingMessage & PassThrough;

describe('reading a webhook form', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reads a form sent at once', async () => {
    const req = request();
    const form = readForm(req, LIMITS);
    req.end('CallSid=CA1&SpeechResult=four+eight');
    expect(await form).toEqual({ CallSid: 'CA1', SpeechResult: 'four eight' });
  });

  it('gives up at the deadline on a body trickled in, however steadily', async () => {
    const req = request();
    const form = readForm(req, LIMITS);
    let settled = false;
    void form.then(() => {
      settled = true;
    });
    for (let second = 0; second < 9; second += 1) {
      req.write('a');
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(settled).toBe(false);
    req.write('a');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await form).toBeUndefined();
  });

  it('refuses a body over the size cap, declared or sent', async () => {
    expect(await readForm(request({ 'content-length': '65' }), LIMITS)).toBeUndefined();
    const req = request();
    const form = readForm(req, LIMITS);
    req.write('a'.repeat(65));
    expect(await form).toBeUndefined();
  });
});
