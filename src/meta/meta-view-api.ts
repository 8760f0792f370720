import { createHmac } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { SecretRegistry } from '../secrets.js';
import type { MetaHealth } from '../store/schema.js';
import { GRAPH_VERSION, MetaError } from './graph.js';
import { GraphUsage, THROTTLE_CODES } from './graph-usage.js';
import type { GraphNumber, GraphWaba, MetaViewApi } from './meta-view.js';

export interface MetaViewApiOptions {
  graphUrl: string;
  /** META_SYSTEM_USER_TOKEN. */
  systemUserToken: string;
  /** META_SYSTEM_USER_ID. */
  systemUserId: string;
  /** META_APP_SECRET: with it every call carries `appsecret_proof`, as apps that require it demand. */
  appSecret?: string;
  timeoutMs?: number;
  secrets: SecretRegistry;
  now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_PAGES = 100;
const PAGE_SIZE = '100';
const NUMBER_FIELDS = [
  'id',
  'display_phone_number',
  'verified_name',
  'status',
  'name_status',
  'new_name_status',
  'code_verification_status',
  'quality_rating',
  'messaging_limit_tier',
  'whatsapp_business_manager_messaging_limit',
  'is_official_business_account',
  'health_status',
].join(',');
const WABA_FIELDS = 'health_status,account_review_status,business_verification_status,owner_business_info';
const TOKEN_REFUSED = 'Meta does not accept META_SYSTEM_USER_TOKEN (expired or revoked): make a new system user token in Meta Business Settings';
const PROOF_REFUSED = "Meta does not accept the calls' appsecret_proof: META_APP_SECRET must be the secret of the app the system user token belongs to";

type Body = Record<string, unknown>;
interface GraphErrorBody {
  message?: string;
  code?: number;
  error_subcode?: number;
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** Meta's "+1 555-123-4567" as E.164; a number libphonenumber cannot read keeps its digits. */
export function e164Of(display: string): string {
  return parsePhoneNumberFromString(display)?.number ?? `+${display.replace(/\D/g, '')}`;
}

/** Meta's `health_status` in the bot's words: every entity's errors, each with its entity. */
export function parseHealth(value: unknown): MetaHealth | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const health = value as { can_send_message?: unknown; entities?: unknown };
  const canSend = text(health.can_send_message);
  if (!canSend) return undefined;
  const entities = Array.isArray(health.entities) ? (health.entities as Body[]) : [];
  const errors = entities.flatMap((entity) =>
    (Array.isArray(entity?.errors) ? (entity.errors as Body[]) : []).map((error) => ({
      entity: text(entity.entity_type) ?? 'UNKNOWN',
      ...(typeof error.error_code === 'number' ? { code: error.error_code } : {}),
      description: text(error.error_description) ?? 'no description from Meta',
      ...(text(error.possible_solution) ? { solution: text(error.possible_solution) } : {}),
    })),
  );
  return { canSend, errors };
}

function graphNumberOf(row: Body): GraphNumber | undefined {
  const id = text(row.id);
  const display = text(row.display_phone_number);
  if (!id || !display) return undefined;
  const limit = text(row.whatsapp_business_manager_messaging_limit) ?? text(row.messaging_limit_tier);
  const health = parseHealth(row.health_status);
  return {
    id,
    e164: e164Of(display),
    verifiedName: text(row.verified_name),
    status: text(row.status),
    nameStatus: text(row.name_status),
    newNameStatus: text(row.new_name_status),
    codeVerificationStatus: text(row.code_verification_status),
    quality: text(row.quality_rating),
    limit,
    ...(typeof row.is_official_business_account === 'boolean' ? { official: row.is_official_business_account } : {}),
    ...(health ? { health } : {}),
  };
}

const isNoAccess = (error: GraphErrorBody) =>
  error.code === 200 || error.code === 10 || (error.code === 100 && (error.error_subcode === 33 || /permission/i.test(error.message ?? '')));

/** Meta's Graph API as the ISV's system user sees it: access to customers' WABAs and Meta's view of them. */
export function createMetaViewApi(options: MetaViewApiOptions): MetaViewApi {
  const base = `${options.graphUrl.replace(/\/+$/, '')}/${GRAPH_VERSION}`;
  const origin = new URL(base).origin;
  const now = options.now ?? Date.now;
  const usage = new GraphUsage();
  options.secrets.add(options.systemUserToken);
  options.secrets.add(options.appSecret);
  const proof = options.appSecret ? createHmac('sha256', options.appSecret).update(options.systemUserToken).digest('hex') : undefined;
  // The proof stands for the token with this app: as good as the token to whoever reads it.
  options.secrets.add(proof);
  const withProof = (url: string) => {
    if (!proof) return url;
    const signed = new URL(url);
    signed.searchParams.set('appsecret_proof', proof);
    return signed.toString();
  };
  const scrub = (said: string) => options.secrets.scrub(said);

  const refusal = (status: number, error: GraphErrorBody, wabaId: string): MetaError => {
    const said = scrub(error.message ?? `HTTP ${status}`);
    if (error.code === 190) return new MetaError(TOKEN_REFUSED, false);
    if (/appsecret_proof/i.test(error.message ?? '')) return new MetaError(PROOF_REFUSED, false);
    if (isNoAccess(error)) return new MetaError(`the system user has no access to WABA ${wabaId} (Meta: ${said})`, false);
    if (error.code !== undefined && THROTTLE_CODES.has(error.code))
      return new MetaError(`Meta is limiting calls (${said}); the bot waits before asking again`, true);
    return new MetaError(`Meta refused: ${said}`, status >= 500 || status === 429);
  };

  const call = async (url: string, wabaId: string, form?: URLSearchParams): Promise<Body> => {
    const pausedUntil = usage.pausedUntil(now());
    if (pausedUntil !== undefined) {
      throw new MetaError(`Graph API calls are paused near Meta's rate limit: Meta may be asked again at ${new Date(pausedUntil).toISOString()}`, true);
    }
    let response: Response;
    try {
      response = await fetch(withProof(url), {
        method: form ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${options.systemUserToken}`, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        body: form?.toString(),
        signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        // A redirect would carry the token and the proof wherever it points.
        redirect: 'error',
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new MetaError(timedOut ? 'Meta did not answer in time' : 'Meta could not be reached', true);
    }
    const body = (await response.json().catch(() => ({}))) as Body;
    const error = (body.error ?? undefined) as GraphErrorBody | undefined;
    usage.note({ businessUseCase: response.headers.get('x-business-use-case-usage'), app: response.headers.get('x-app-usage'), errorCode: error?.code }, now());
    if (!response.ok || error) throw refusal(response.status, error ?? {}, wabaId);
    return body;
  };

  const wabaUrl = (wabaId: string, edge = '') => `${base}/${encodeURIComponent(wabaId)}${edge}`;

  /** The next page's address: Meta's `after` cursor on the first page's address, or `next` when it is Meta's own origin. */
  const nextPage = (first: URL, paging: Body | undefined): string | undefined => {
    const after = text((paging?.cursors as Body | undefined)?.after);
    const next = text(paging?.next);
    if (!next) return undefined;
    if (after) {
      const url = new URL(first);
      url.searchParams.set('after', after);
      return url.toString();
    }
    return new URL(next).origin === origin ? next : undefined;
  };

  return {
    pausedUntil: () => usage.pausedUntil(now()),
    async assignSystemUser(wabaId) {
      await call(wabaUrl(wabaId, '/assigned_users'), wabaId, new URLSearchParams({ user: options.systemUserId, tasks: "['MANAGE']" }));
    },
    async subscribeApp(wabaId) {
      // No fields: the app's own webhook fields apply, so `messages` stays with Twilio, and no override_callback_uri.
      await call(wabaUrl(wabaId, '/subscribed_apps'), wabaId, new URLSearchParams());
    },
    async numbers(wabaId) {
      const first = new URL(wabaUrl(wabaId, '/phone_numbers'));
      first.search = new URLSearchParams({ fields: NUMBER_FIELDS, limit: PAGE_SIZE }).toString();
      const numbers: GraphNumber[] = [];
      let url: string | undefined = first.toString();
      for (let page = 0; url && page < MAX_PAGES; page++) {
        const body = await call(url, wabaId);
        const rows = Array.isArray(body.data) ? (body.data as Body[]) : [];
        for (const row of rows) {
          const number = graphNumberOf(row);
          if (number) numbers.push(number);
        }
        url = rows.length > 0 ? nextPage(first, body.paging as Body | undefined) : undefined;
      }
      return numbers;
    },
    async waba(wabaId) {
      const body = await call(`${wabaUrl(wabaId)}?${new URLSearchParams({ fields: WABA_FIELDS })}`, wabaId);
      const health = parseHealth(body.health_status);
      const owner = body.owner_business_info as Body | undefined;
      const view: GraphWaba = {
        ...(health ? { health } : {}),
        accountReviewStatus: text(body.account_review_status),
        businessVerification: text(body.business_verification_status),
        businessId: text(owner?.id),
      };
      return view;
    },
  };
}
