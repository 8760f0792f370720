import { Agent, type Dispatcher, request } from 'undici';

/** What the twilio library passes to its HTTP client (see twilio's RequestClient.request). */
export interface TwilioHttpRequest {
  method: string;
  uri: string;
  username?: string;
  password?: string;
  headers?: Record<string, string>;
  params?: Record<string, unknown>;
  data?: unknown;
  timeout?: number;
}

export interface TwilioHttpResponse {
  statusCode: number;
  body: string;
  headers: Record<string, string>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** A recording of Meta's call is a minute at most; anything far larger is not one. */
const MAX_MEDIA_BYTES = 16 * 1024 * 1024;
/** Media (a call recording) travels as base64 in the text body the twilio library expects. */
export const isMedia = (contentType: string | string[] | undefined) => /^audio\//.test(String(contentType ?? ''));

/** A media body, refused once it passes the cap: as announced, or as it arrives when sent without a length (chunked). */
async function mediaOf(response: Dispatcher.ResponseData): Promise<Buffer> {
  const tooLarge = () => new Error(`the media is larger than ${MAX_MEDIA_BYTES} bytes`);
  if (Number(response.headers['content-length'] ?? 0) > MAX_MEDIA_BYTES) {
    response.body.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Buffer).length;
    if (size > MAX_MEDIA_BYTES) {
      response.body.destroy();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Twilio's parameter encoding: a list is sent as the same name repeated. */
function encode(values: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(name, String(item));
  }
  return search.toString();
}

/**
 * The twilio library's HTTP client interface served by undici on kept-alive connections, in
 * place of its default axios client: the same requests at a fraction of the CPU and garbage,
 * which a bot polling thousands of senders beside Slack's 3-second acks feels. `rewrite` sends
 * every Twilio domain to another base URL (the simulator).
 */
export class UndiciHttpClient {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000 });

  constructor(private readonly rewrite?: (uri: URL) => URL) {}

  async request(opts: TwilioHttpRequest): Promise<TwilioHttpResponse> {
    let target = new URL(opts.uri);
    if (this.rewrite) target = this.rewrite(target);
    if (opts.params) {
      const query = encode(opts.params);
      if (query) target.search = target.search ? `${target.search}&${query}` : `?${query}`;
    }
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.username && opts.password) headers.Authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`;
    let body: string | undefined;
    if (opts.data !== undefined && opts.data !== null) {
      body = headers['Content-Type'] === 'application/json' ? JSON.stringify(opts.data) : encode(opts.data as Record<string, unknown>);
    }
    const timeout = opts.timeout ?? DEFAULT_TIMEOUT_MS;
    const response = await request(target, {
      method: opts.method.toUpperCase() as 'GET',
      headers,
      body,
      dispatcher: this.agent,
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
    const text = isMedia(response.headers['content-type']) ? (await mediaOf(response)).toString('base64') : await response.body.text();
    const responseHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers))
      if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
    return { statusCode: response.statusCode, body: text, headers: responseHeaders };
  }
}
