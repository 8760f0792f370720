import type { SecretRegistry } from '../secrets.js';

/** The Graph API version the bot speaks; Embedded Signup v4 runs on it. */
export const GRAPH_VERSION = 'v24.0';
const DEFAULT_TIMEOUT_MS = 15_000;

export class MetaError extends Error {
  constructor(
    message: string,
    /** No answer, a timeout or a 5xx: trying again may work. */
    readonly transient: boolean,
  ) {
    super(message);
  }
}

export interface GraphOptions {
  graphUrl: string;
  appId: string;
  appSecret: string;
  timeoutMs?: number;
  secrets: SecretRegistry;
}

export interface BusinessNumber {
  displayPhoneNumber: string;
  verifiedName?: string;
}

/** The two server-to-server calls Embedded Signup needs; the business token lives only in memory. */
export function createGraph(options: GraphOptions) {
  const base = `${options.graphUrl.replace(/\/+$/, '')}/${GRAPH_VERSION}`;
  const call = async (url: string, headers: Record<string, string> = {}): Promise<Record<string, unknown>> => {
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS) });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new MetaError(timedOut ? 'Meta did not answer in time' : 'Meta could not be reached', true);
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      const said = (body.error as { message?: string } | undefined)?.message ?? `HTTP ${response.status}`;
      throw new MetaError(options.secrets.scrub(`Meta refused: ${said}`), response.status >= 500 || response.status === 429);
    }
    return body;
  };
  return {
    /** The code from FB.login, for a business token (registered as a secret at once). */
    async exchangeCode(code: string): Promise<string> {
      const query = new URLSearchParams({ client_id: options.appId, client_secret: options.appSecret, code });
      const body = await call(`${base}/oauth/access_token?${query}`);
      const token = typeof body.access_token === 'string' ? body.access_token : undefined;
      if (!token) throw new MetaError('Meta gave no business token for the code', false);
      options.secrets.add(token);
      return token;
    },
    async businessNumber(phoneNumberId: string, token: string): Promise<BusinessNumber> {
      const query = new URLSearchParams({ fields: 'display_phone_number,verified_name' });
      const body = await call(`${base}/${encodeURIComponent(phoneNumberId)}?${query}`, { authorization: `Bearer ${token}` });
      if (typeof body.display_phone_number !== 'string') throw new MetaError('Meta did not say which number was chosen', false);
      return { displayPhoneNumber: body.display_phone_number, verifiedName: typeof body.verified_name === 'string' ? body.verified_name : undefined };
    },
  };
}

export type Graph = ReturnType<typeof createGraph>;
