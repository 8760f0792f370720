/** A lean HTTP load generator: kept-alive sockets, a fixed signed body, the latency of each request. */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { sign } from '../test/support/slack-requests.js';

export interface LoadOptions {
  /** Kept-alive connections, shared by every round sent to one server: a round then measures requests, not connection set-up. */
  agent: Agent;
  url: string;
  secret: string;
  concurrency: number;
  requests: number;
  /** One body for every request, or one per request (request i sends bodies[i]). */
  body: string | readonly string[];
}

/** Headers signed the way Slack signs them, computed once a second: the generator should spend its CPU sending. */
function signer(secret: string, body: string): () => Record<string, string | number> {
  let second = -1;
  let headers: Record<string, string | number> = {};
  return () => {
    const now = Math.floor(Date.now() / 1000);
    if (now !== second) {
      second = now;
      headers = {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': Buffer.byteLength(body),
        'X-Slack-Request-Timestamp': String(now),
        'X-Slack-Signature': sign(secret, now, body),
      };
    }
    return headers;
  };
}

/** Field errors a form's answer shows (`response_action: errors`), or undefined. */
function formErrors(text: string): string | undefined {
  if (!text.includes('"response_action":"errors"')) return undefined;
  return Object.values((JSON.parse(text) as { errors: Record<string, string> }).errors).join(' ');
}

function post(agent: Agent, url: URL, headers: Record<string, string | number>, body: string): Promise<{ status: number; errors?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, errors: formErrors(Buffer.concat(parts).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export const loadAgent = (concurrency: number) => new Agent({ keepAlive: true, maxSockets: concurrency, scheduling: 'fifo' });

export interface LoadResult {
  /** Each request's latency in ms, answered or refused. */
  times: number[];
  /** Requests answered with another status than 200 (Bolt answers 404 to a request nobody acked within 3 s). */
  refused: number;
  /** The field errors of each form answered with errors, in arrival order. */
  formErrors: string[];
}

/** Sends `requests` POSTs with `concurrency` always in flight (closed loop). */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const { agent } = options;
  const url = new URL(options.url);
  const bodies = typeof options.body === 'string' ? undefined : options.body;
  const fixed = typeof options.body === 'string' ? signer(options.secret, options.body) : undefined;
  const times: number[] = [];
  const errors: string[] = [];
  let refused = 0;
  let sent = 0;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (sent < options.requests) {
        const body = bodies ? bodies[sent]! : (options.body as string);
        const headers = fixed ? fixed() : signer(options.secret, body)();
        sent += 1;
        const t0 = performance.now();
        const answer = await post(agent, url, headers, body);
        if (answer.status !== 200) refused += 1;
        if (answer.errors) errors.push(answer.errors);
        times.push(performance.now() - t0);
      }
    }),
  );
  return { times, refused, formErrors: errors };
}
