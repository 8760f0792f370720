import type { FetchFunction } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import type { CallOutcome } from '../../src/metrics/call-outcome.js';
import { countedFetch } from '../../src/slack/counted-fetch.js';

const API = 'https://slack.example/api/';
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function outcomeOf(answer: () => Promise<Response>, url = `${API}chat.postMessage`): Promise<CallOutcome> {
  const seen: CallOutcome[] = [];
  const fetch = countedFetch(answer as unknown as FetchFunction, (call) => seen.push(call));
  const response = await fetch(url).catch(() => undefined);
  // The caller still reads the body in full after the count looked into it.
  if (response) await response.text();
  expect(seen).toHaveLength(1);
  return seen[0]!;
}

describe('Slack calls counted by outcome', () => {
  it('tells ok from Slack’s own error, a 429, a 5xx, a timeout and no answer', async () => {
    expect(await outcomeOf(async () => json({ ok: true }))).toEqual({ endpoint: 'chat.postMessage', outcome: 'ok', code: '' });
    expect(await outcomeOf(async () => json({ ok: false, error: 'channel_not_found' }))).toEqual({
      endpoint: 'chat.postMessage',
      outcome: 'error',
      code: 'channel_not_found',
    });
    expect(await outcomeOf(async () => json({ ok: false, error: 'ratelimited' }, 429))).toMatchObject({ outcome: 'rate_limited', code: '429' });
    expect(await outcomeOf(async () => json({}, 503))).toMatchObject({ outcome: 'server_error', code: '503' });
    const timedOut = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
    expect(await outcomeOf(() => Promise.reject(timedOut))).toMatchObject({ outcome: 'timeout' });
    expect(await outcomeOf(() => Promise.reject(new TypeError('fetch failed')))).toMatchObject({ outcome: 'no_answer' });
  });

  it('names a response URL as such, and keeps odd error text out of the label', async () => {
    expect(await outcomeOf(async () => new Response('ok'), 'https://hooks.slack.example/commands/T1/123/abc')).toEqual({
      endpoint: 'response_url',
      outcome: 'ok',
      code: '',
    });
    expect(await outcomeOf(async () => json({ ok: false, error: 'Not A Slack Code +14155550100' }))).toMatchObject({ outcome: 'error', code: 'unknown' });
  });
});
