import type { MetaWabaState, NumberState, WabaState } from './meta-waba-state.js';

/** An answer of the Graph API: its HTTP status and JSON body. */
export interface GraphAnswer {
  status: number;
  body: unknown;
}

export interface SystemUserRequest {
  method: string;
  url: URL;
  /** The query and the form or JSON body, merged. */
  params: Record<string, string>;
  systemUserId: string;
  /** The stand-in's public address, for `paging.next`. */
  graphUrl: string;
}

/** Meta's default fields when a request names none. */
const DEFAULT_NUMBER_FIELDS = ['verified_name', 'code_verification_status', 'display_phone_number', 'quality_rating', 'id'];
const DEFAULT_WABA_FIELDS = ['id', 'name', 'timezone_id', 'message_template_namespace'];
const DEFAULT_PAGE = 25;
const MAX_PAGE = 100;

export const graphError = (status: number, message: string, code: number, extra: Record<string, unknown> = {}): GraphAnswer => ({
  status,
  body: { error: { message, type: 'OAuthException', code, ...extra, fbtrace_id: 'AsandboxTrace' } },
});

const PERMISSIONS_ERROR = graphError(403, '(#200) Permissions error', 200);
const unsupported = (method: string, id: string) =>
  graphError(
    400,
    `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    100,
    { error_subcode: 33 },
  );

const fieldsOf = (params: Record<string, string>, defaults: string[]) =>
  params.fields
    ? params.fields
        .split(',')
        .map((field) => field.trim())
        .filter(Boolean)
    : defaults;

const pick = (all: Record<string, unknown>, fields: string[]) => Object.fromEntries(fields.filter((field) => field in all).map((field) => [field, all[field]]));

const cursorOf = (index: number) => Buffer.from(`sandbox:${index}`).toString('base64url');
const indexOf = (cursor: string | undefined) => {
  const match = cursor ? /^sandbox:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString()) : null;
  return match ? Number(match[1]) : 0;
};

function numberFields(state: MetaWabaState, number: NumberState): Record<string, unknown> {
  const business = state.businessOf(number.wabaId)!;
  return {
    id: number.id,
    display_phone_number: number.display,
    verified_name: number.verifiedName ?? '',
    status: number.status,
    name_status: number.nameStatus,
    new_name_status: number.newNameStatus,
    code_verification_status: number.codeVerificationStatus,
    quality_rating: number.quality,
    messaging_limit_tier: business.limit,
    whatsapp_business_manager_messaging_limit: business.limit,
    is_official_business_account: number.official,
    health_status: state.numberHealth(number),
  };
}

function wabaFields(state: MetaWabaState, waba: WabaState): Record<string, unknown> {
  const business = state.business(waba.businessId);
  return {
    id: waba.id,
    name: `Sandbox WABA ${waba.id}`,
    timezone_id: '1',
    message_template_namespace: `sandbox_${waba.id}`,
    account_review_status: waba.accountReviewStatus,
    business_verification_status: business.verification,
    owner_business_info: { id: business.id, name: business.name },
    health_status: state.wabaHealth(waba),
  };
}

/** The Graph endpoints the ISV's system user calls on a customer's WABA, or undefined when the path is none of them. */
export function systemUserRoute(state: MetaWabaState, request: SystemUserRequest): GraphAnswer | undefined {
  const match = /^\/v\d+\.\d+\/(\d+)(?:\/(assigned_users|subscribed_apps|phone_numbers))?$/.exec(request.url.pathname);
  if (!match) return undefined;
  const [, wabaId, edge] = match as unknown as [string, string, string | undefined];
  const { method, params } = request;
  const waba = state.waba(wabaId);
  if (!waba) return unsupported(method, wabaId);
  if (edge === 'assigned_users' && method === 'POST') {
    if (params.user !== request.systemUserId) return graphError(400, '(#100) Invalid parameter', 100);
    if (!/\bMANAGE\b/.test(params.tasks ?? '')) return graphError(400, '(#100) Param tasks must be an array of valid tasks', 100);
    waba.assigned = true;
    return { status: 200, body: { success: true } };
  }
  if (!waba.assigned) return PERMISSIONS_ERROR;
  if (edge === 'subscribed_apps' && method === 'POST') {
    waba.subscription = { ...params };
    return { status: 200, body: { success: true } };
  }
  if (edge === 'phone_numbers' && method === 'GET') {
    const fields = fieldsOf(params, DEFAULT_NUMBER_FIELDS);
    const limit = Math.min(MAX_PAGE, Math.max(1, Number(params.limit) || DEFAULT_PAGE));
    const all = state.numbersIn(wabaId);
    const start = indexOf(params.after);
    const page = all.slice(start, start + limit);
    const data = page.map((number) => pick(numberFields(state, number), fields));
    if (page.length === 0) return { status: 200, body: { data } };
    const after = cursorOf(start + page.length);
    const more = start + page.length < all.length;
    const next = new URL(request.url.pathname, request.graphUrl);
    next.search = new URLSearchParams({ ...(params.fields ? { fields: params.fields } : {}), limit: String(limit), after }).toString();
    return {
      status: 200,
      body: { data, paging: { cursors: { before: cursorOf(start), after }, ...(more ? { next: next.toString() } : {}) } },
    };
  }
  if (!edge && method === 'GET') return { status: 200, body: pick(wabaFields(state, waba), fieldsOf(params, DEFAULT_WABA_FIELDS)) };
  return unsupported(method, wabaId);
}
