import type { FetchFunction } from '@slack/web-api';
import { Agent, request } from 'undici';

type FetchRequestInit = NonNullable<Parameters<FetchFunction>[1]>;
type FetchResponse = Awaited<ReturnType<FetchFunction>>;

/** A whole answer read into memory: what Slack's libraries read of a fetch Response, and nothing more. */
class BufferedAnswer implements FetchResponse {
  private parsedHeaders?: Headers;

  constructor(
    readonly url: string,
    readonly status: number,
    private readonly rawHeaders: Record<string, string | string[] | undefined>,
    private readonly bytes: Buffer,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** Slack's libraries only show it in messages; HTTP/1.1 reason phrases are optional anyway. */
  get statusText(): string {
    return '';
  }

  get headers(): Headers {
    if (!this.parsedHeaders) {
      this.parsedHeaders = new Headers();
      for (const [name, value] of Object.entries(this.rawHeaders)) {
        if (value !== undefined) this.parsedHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
    }
    return this.parsedHeaders;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return this.bytes.buffer.slice(this.bytes.byteOffset, this.bytes.byteOffset + this.bytes.byteLength) as ArrayBuffer;
  }

  async text(): Promise<string> {
    return this.bytes.toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.bytes.toString('utf8'));
  }

  /** The answer can be read again (the call counter looks into Slack's `ok` before the library does). */
  clone(): BufferedAnswer {
    return new BufferedAnswer(this.url, this.status, this.rawHeaders, this.bytes);
  }
}

/**
 * The fetch Slack's libraries call (Bolt's respond() to response URLs, the Web API client),
 * served by undici's request on kept-alive connections (idle for undici's default 4 s, as
 * fetch's). Node's global fetch spends much of its CPU per call on streams, signals and Request
 * objects the bot never uses, which a burst of answers feels (docs/benchmarks.md). A form body
 * (file uploads) still goes through the global fetch.
 */
export function leanFetch(agent = new Agent()): FetchFunction {
  return async (input: string | URL, init: FetchRequestInit = {}) => {
    if (typeof init.body !== 'string' && init.body !== undefined) return fetch(input, init);
    const url = String(input);
    const answer = await request(url, {
      method: (init.method ?? 'GET') as 'GET',
      headers: init.headers,
      body: init.body,
      signal: init.signal,
      dispatcher: agent,
    });
    const bytes = Buffer.from(await answer.body.arrayBuffer());
    if (init.redirect === 'error' && answer.statusCode >= 300 && answer.statusCode < 400) {
      throw new TypeError(`the answer from ${new URL(url).host} was a redirect, which this call does not follow`);
    }
    return new BufferedAnswer(url, answer.statusCode, answer.headers, bytes);
  };
}
