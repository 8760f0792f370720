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
  id: string;
  displayPhoneNumber: string;
  verifiedName?: string;
}

const stringOr = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The server-to-server calls Embedded Signup needs; the business token lives only in memory, for one signup. */
export function createGraph(options: GraphOptions) {
  const base = `${options.graphUrl.replace(/\/+$/, '')}/${GRAPH_VERSION}`;
  const call = async (url: string, bearer?: string): Promise<Record<string, unknown>> => {
    let response: Response;
    try {
      const headers: Record<string, string> = bearer ? { authorization: `Bearer ${bearer}` } : {};
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
    /** The code from FB.login, for a business token (registered as a secret until `forget`). */
    async exchangeCode(code: string): Promise<string> {
      const query = new URLSearchParams({ client_id: options.appId, client_secret: options.appSecret, code });
      const body = await call(`${base}/oauth/access_token?${query}`);
      const token = stringOr(body.access_token);
      if (!token) throw new MetaError('Meta gave no business token for the code', false);
      options.secrets.add(token);
      return token;
    },
    /** Once a signup is done with its token, nothing holds it any more, so the registry need not either. */
    forget(token: string): void {
      options.secrets.remove(token);
    },
    /** The WABAs the business token may manage, as Meta's /debug_token lists them (asked with the app's own token). */
    async grantedWabas(token: string): Promise<string[]> {
      const body = await call(`${base}/debug_token?${new URLSearchParams({ input_token: token })}`, `${options.appId}|${options.appSecret}`);
      const data = (body.data ?? {}) as { app_id?: unknown; is_valid?: unknown; granular_scopes?: unknown };
      if (data.is_valid !== true || String(data.app_id) !== options.appId) return [];
      const scopes = Array.isArray(data.granular_scopes) ? (data.granular_scopes as { scope?: unknown; target_ids?: unknown }[]) : [];
      const management = scopes.find((s) => s?.scope === 'whatsapp_business_management');
      return Array.isArray(management?.target_ids) ? management.target_ids.map(String) : [];
    },
    /** The numbers of a WABA, read with the business token. */
    async wabaNumbers(wabaId: string, token: string): Promise<BusinessNumber[]> {
      const query = new URLSearchParams({ fields: 'id,display_phone_number,verified_name' });
      const body = await call(`${base}/${encodeURIComponent(wabaId)}/phone_numbers?${query}`, token);
      const rows = Array.isArray(body.data) ? (body.data as Record<string, unknown>[]) : [];
      return rows.flatMap((row) => {
        const id = stringOr(row.id);
        const displayPhoneNumber = stringOr(row.display_phone_number);
        return id && displayPhoneNumber ? [{ id, displayPhoneNumber, verifiedName: stringOr(row.verified_name) }] : [];
      });
    },
  };
}

export type Graph = ReturnType<typeof createGraph>;
