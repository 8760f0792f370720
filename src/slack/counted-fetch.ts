import type { FetchFunction } from '@slack/web-api';

type FetchAnswer = Awaited<ReturnType<FetchFunction>>;

import { isTimeout, type ObserveCall, type Outcome } from '../metrics/call-outcome.js';

/** An error string as Slack spells them; anything else is not put in a label. */
const SLACK_ERROR = /^[a-z0-9_]{1,60}$/;

/** Which Slack call a request URL is: the Web API method after `/api/`, otherwise an answer to a response URL. */
function endpointOf(input: Parameters<FetchFunction>[0]): string {
  const path = URL.canParse(input) ? new URL(input).pathname : String(input);
  return /\/api\/([A-Za-z0-9_.]+)/.exec(path)?.[1] ?? 'response_url';
}

async function outcomeOf(response: FetchAnswer): Promise<{ outcome: Outcome; code: string }> {
  if (response.status === 429) return { outcome: 'rate_limited', code: '429' };
  if (response.status >= 500) return { outcome: 'server_error', code: String(response.status) };
  if (!response.ok) return { outcome: 'error', code: String(response.status) };
  // The caller reads the body too: only a body that can be read twice (fetch's Response) is looked into.
  const clone = (response as Partial<Response>).clone;
  if (!clone || !response.headers.get('content-type')?.includes('json')) return { outcome: 'ok', code: '' };
  const body = (await clone
    .call(response)
    .json()
    .catch(() => ({ ok: true }))) as { ok?: boolean; error?: unknown };
  if (body.ok !== false) return { outcome: 'ok', code: '' };
  return { outcome: 'error', code: typeof body.error === 'string' && SLACK_ERROR.test(body.error) ? body.error : 'unknown' };
}

/** fetch that reports how each Slack call ended: ok, Slack's error, 429, 5xx, a timeout or no answer. */
export function countedFetch(inner: FetchFunction, observe: ObserveCall): FetchFunction {
  return async (input, init) => {
    const endpoint = endpointOf(input);
    let response: FetchAnswer;
    try {
      response = await inner(input, init);
    } catch (error) {
      observe({ endpoint, outcome: isTimeout(error) ? 'timeout' : 'no_answer', code: '' });
      throw error;
    }
    observe({ endpoint, ...(await outcomeOf(response)) });
    return response;
  };
}
