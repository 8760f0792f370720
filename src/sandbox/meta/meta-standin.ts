import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { systemUserRoute } from './graph-view-routes.js';
import { MetaPlays, type NumberBlockPlay, type RestrictionPlay } from './meta-plays.js';
import { dialogPage, sdkScript } from './meta-sdk-script.js';
import { MetaWabaState, type Quality } from './meta-waba-state.js';
import { MetaWebhookSender, type WebhookDelivery } from './meta-webhook-sender.js';

/** What the stand-in's signup dialog does next, as a test or a sandbox user picks it. */
export type MetaOutcome =
  /** `verifiedName: null`: Meta has no display name for the number. */
  | { kind: 'FINISH'; phoneNumber: string; wabaId?: string; verifiedName?: string | null }
  /** The customer made or chose a WABA but added no number. */
  | { kind: 'FINISH_ONLY_WABA'; wabaId?: string }
  | { kind: 'CANCEL'; step?: string }
  | { kind: 'ERROR'; message?: string; errorId?: string }
  /** FB.login returns a code, but no WA_EMBEDDED_SIGNUP message comes. */
  | { kind: 'SILENT' };

/** The event the dialog posts to its opener (none for SILENT), and the code it returns to FB.login. */
export interface PlayedOutcome {
  event?: 'FINISH' | 'FINISH_ONLY_WABA' | 'CANCEL' | 'ERROR';
  data: Record<string, string>;
  code?: string;
}

/** What a signup gave the business access to: its code's token sees this WABA and number only. */
interface Grant {
  wabaId: string;
  phoneNumberId?: string;
}

export interface MetaStandInOptions {
  appId: string;
  appSecret: string;
  /** The Twilio simulator's addWaba: a FINISH leaves a WABA Twilio knows, as Meta's does. */
  addWaba: (wabaId?: string) => string;
  /** The ISV's system user (META_SYSTEM_USER_TOKEN and META_SYSTEM_USER_ID): Meta's view of customers' WABAs. */
  systemUser?: { token: string; id: string };
  /** The numbers a WABA has besides the signups' (the Twilio simulator's senders of that WABA). */
  numbersOf?: (wabaId: string) => { e164: string; verifiedName?: string }[];
}

/** Meta's answer once a business use case is over its limit. */
const THROTTLED = { status: 400, message: '(#80008) There have been too many calls to this WhatsApp Business account. Wait a bit and try again.', code: 80008 };
const ISV_BUSINESS_ID = '100000000000001';

const digits = (count: number) => Array.from({ length: count }, (_, i) => (i === 0 ? randomInt(1, 10) : randomInt(0, 10))).join('');

/**
 * Meta for the sandbox and the tests: sdk.js and the Graph API on one origin, the signup dialog
 * on another (as connect.facebook.net and www.facebook.com), so the page's origin check is real.
 */
export class MetaStandIn {
  private sdkServer?: Server;
  private dialogServer?: Server;
  private readonly planned: MetaOutcome[] = [];
  private readonly codes = new Map<string, Grant>();
  private readonly tokens = new Map<string, Grant>();
  /** Meta's side of every WABA, number and business the stand-in knows. */
  readonly state: MetaWabaState;
  private readonly webhooks: MetaWebhookSender;
  private readonly plays: MetaPlays;
  /** Every Graph request, for tests: method, path, query and form (no secret is kept). */
  readonly graphRequests: { method?: string; path: string; params: Record<string, string> }[] = [];
  /** The share (%) of the business use case limit every answer's usage headers report; at 100 Meta refuses with 80008. */
  usage = 1;
  /** Meta's `estimated_time_to_regain_access` (minutes) in the usage headers. */
  regainMinutes = 0;
  sdkUrl = '';
  graphUrl = '';
  dialogOrigin = '';

  constructor(private readonly options: MetaStandInOptions) {
    this.state = new MetaWabaState(options.numbersOf);
    this.webhooks = new MetaWebhookSender(options.appSecret, (wabaId) => this.state.waba(wabaId)?.subscription !== undefined);
    this.plays = new MetaPlays(this.state, this.webhooks);
  }

  /** Where Meta posts the app's webhooks (the bot's `{PUBLIC_URL}/meta/webhooks`). */
  get webhookUrl(): string {
    return this.webhooks.url;
  }

  set webhookUrl(url: string) {
    this.webhooks.url = url;
  }

  /** Each webhook waits this long before it is posted (a late Meta). */
  get webhookDelayMs(): number {
    return this.webhooks.delayMs;
  }

  set webhookDelayMs(ms: number) {
    this.webhooks.delayMs = ms;
  }

  /** What became of every webhook: its field and the receiver's status (or why it was not sent). */
  get deliveries(): readonly WebhookDelivery[] {
    return this.webhooks.deliveries;
  }

  /** What the latest `POST /{waba}/subscribed_apps` carried, or undefined when the app is not subscribed. */
  subscriptionOf(wabaId: string): Record<string, string> | undefined {
    return this.state.waba(wabaId)?.subscription;
  }

  /** A WABA Meta knows, as if made by a signup (the Twilio simulator's WABAs made outside the dialog). */
  knowWaba(wabaId: string): void {
    this.state.addWaba(wabaId);
  }

  /** The WABA joins the business portfolio of another: one limit and one business health for both. */
  shareBusiness(wabaId: string, withWabaId: string): void {
    this.state.shareBusiness(wabaId, withWabaId);
  }

  holdWebhooks(): void {
    this.webhooks.hold();
  }

  /** Deliver the held webhooks, maybe in reverse and twice each, as Meta may; resolves once all are answered. */
  releaseWebhooks(options: { reverse?: boolean; twice?: boolean } = {}): Promise<void> {
    return this.webhooks.release(options);
  }

  /** Resolves once every webhook under way is answered. */
  webhooksSettled(): Promise<void> {
    return this.webhooks.settled();
  }

  /** A body posted as given, with this signature header or none (an unsigned or mis-signed delivery); the receiver's status. */
  deliverRaw(body: string, signature?: string): Promise<number> {
    return this.webhooks.deliverRaw(body, signature);
  }

  restrictWaba(wabaId: string, play?: RestrictionPlay): Promise<void> {
    return this.plays.restrictWaba(wabaId, play);
  }

  liftRestriction(wabaId: string): Promise<void> {
    return this.plays.liftRestriction(wabaId);
  }

  blockNumber(e164: string, play?: NumberBlockPlay): Promise<void> {
    return this.plays.blockNumber(e164, play);
  }

  unblockNumber(e164: string): Promise<void> {
    return this.plays.unblockNumber(e164);
  }

  declineName(e164: string, reason: string, requestedName?: string): Promise<void> {
    return this.plays.declineName(e164, reason, requestedName);
  }

  approveName(e164: string, requestedName?: string): Promise<void> {
    return this.plays.approveName(e164, requestedName);
  }

  setQuality(e164: string, quality: Quality): Promise<void> {
    return this.plays.setQuality(e164, quality);
  }

  setPortfolioLimit(wabaId: string, limit: string): Promise<void> {
    return this.plays.setPortfolioLimit(wabaId, limit);
  }

  /** Every business token handed out, for tests. */
  get issuedTokens(): string[] {
    return [...this.tokens.keys()];
  }

  get appSecret(): string {
    return this.options.appSecret;
  }

  /** The Graph API answers after this long (a slow or unreachable Meta). */
  graphDelayMs = 0;

  private graphHold: { after: number; released: Promise<void> } | undefined;

  /** Graph requests after the first `after` wait until the returned release is called: a Meta that answers when a test says. */
  holdGraphAfter(after: number): () => void {
    let release = () => {};
    this.graphHold = { after, released: new Promise<void>((resolve) => (release = resolve)) };
    return () => {
      this.graphHold = undefined;
      release();
    };
  }

  /** The outcome the next dialog plays by itself; without one it shows buttons. */
  playNext(outcome: MetaOutcome): void {
    this.planned.push(outcome);
  }

  async start(ports: { sdk?: number; dialog?: number } = {}): Promise<void> {
    this.dialogServer = createServer((req, res) => void this.dialog(req, res).catch(() => fail(res, 500, 'stand-in error')));
    this.dialogOrigin = `http://127.0.0.1:${await listen(this.dialogServer, ports.dialog ?? 0)}`;
    this.sdkServer = createServer((req, res) => void this.sdkAndGraph(req, res).catch(() => fail(res, 500, 'stand-in error')));
    const sdkOrigin = `http://127.0.0.1:${await listen(this.sdkServer, ports.sdk ?? 0)}`;
    this.sdkUrl = `${sdkOrigin}/en_US/sdk.js`;
    this.graphUrl = sdkOrigin;
  }

  async stop(): Promise<void> {
    for (const server of [this.sdkServer, this.dialogServer]) {
      if (!server) continue;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** What the dialog leaves behind: a WABA and a number at Meta, a code for a token tied to them. */
  play(outcome: MetaOutcome): PlayedOutcome {
    if (outcome.kind === 'CANCEL') return { event: 'CANCEL', data: { current_step: outcome.step ?? 'PHONE_NUMBER_SETUP' } };
    if (outcome.kind === 'ERROR') {
      const message = outcome.message ?? 'An unexpected error occurred (sandbox)';
      return { event: 'ERROR', data: { error_message: message, error_id: outcome.errorId ?? '524126', session_id: digits(16) } };
    }
    const code = `AQ${randomBytes(24).toString('base64url')}`;
    if (outcome.kind === 'SILENT') {
      this.codes.set(code, { wabaId: this.options.addWaba() });
      return { data: {}, code };
    }
    const wabaId = this.options.addWaba(outcome.wabaId);
    this.state.addWaba(wabaId);
    if (outcome.kind === 'FINISH_ONLY_WABA') {
      this.codes.set(code, { wabaId });
      return { event: 'FINISH_ONLY_WABA', data: { waba_id: wabaId }, code };
    }
    const phoneNumberId = digits(15);
    const e164 = parsePhoneNumberFromString(outcome.phoneNumber)?.number ?? outcome.phoneNumber;
    this.state.addNumber(wabaId, phoneNumberId, e164, outcome.verifiedName === null ? undefined : (outcome.verifiedName ?? 'Sandbox Business'));
    this.codes.set(code, { wabaId, phoneNumberId });
    return { event: 'FINISH', data: { phone_number_id: phoneNumberId, waba_id: wabaId }, code };
  }

  private async dialog(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.dialogOrigin);
    if (req.method === 'GET' && url.pathname === '/dialog') {
      const opener = url.searchParams.get('origin') ?? '';
      if (!/^https?:\/\/[^/]+$/.test(opener)) return fail(res, 400, 'origin missing');
      const plan = this.planned.shift();
      const nonce = randomBytes(12).toString('base64');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': `script-src 'nonce-${nonce}'` });
      res.end(dialogPage(nonce, plan ? this.play(plan) : undefined, opener));
      return;
    }
    if (req.method === 'POST' && url.pathname === '/dialog/outcome') {
      const choice = JSON.parse((await readAll(req)) || '{}') as MetaOutcome;
      return json(res, 200, this.play(choice));
    }
    fail(res, 404, 'not found');
  }

  private async sdkAndGraph(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.graphUrl);
    if (url.pathname.endsWith('/sdk.js')) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'access-control-allow-origin': '*' });
      res.end(sdkScript(`${this.dialogOrigin}/dialog`));
      return;
    }
    if (this.graphDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.graphDelayMs));
    if (this.graphHold && this.graphRequests.length >= this.graphHold.after) await this.graphHold.released;
    const method = req.method ?? 'GET';
    const form = method === 'POST' ? parseForm(await readAll(req), req.headers['content-type']) : {};
    const params = Object.fromEntries(
      [...url.searchParams, ...Object.entries(form)].filter(([name]) => !['client_secret', 'input_token', 'access_token', 'appsecret_proof'].includes(name)),
    );
    this.graphRequests.push({ method, path: url.pathname, params });
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    this.usageHeaders(res, url.pathname);
    const systemUser = this.options.systemUser;
    if (systemUser && bearer === systemUser.token) {
      const proof = url.searchParams.get('appsecret_proof');
      if (proof !== null && proof !== createHmac('sha256', this.options.appSecret).update(bearer).digest('hex')) {
        return graphError(res, 400, 'Invalid appsecret_proof provided in the API argument', 100);
      }
      if (this.usage >= 100) return graphError(res, THROTTLED.status, THROTTLED.message, THROTTLED.code);
      const answer = systemUserRoute(this.state, { method, url, params, systemUserId: systemUser.id, graphUrl: this.graphUrl });
      if (answer) return json(res, answer.status, answer.body);
    }
    const exchange = /^\/v\d+\.\d+\/oauth\/access_token$/.exec(url.pathname);
    if (exchange) {
      const { client_id: appId, client_secret: secret, code } = Object.fromEntries(url.searchParams);
      if (appId !== this.options.appId || secret !== this.options.appSecret) return graphError(res, 400, 'Error validating client secret.', 1);
      const grant = code ? this.codes.get(code) : undefined;
      if (!code || !grant) return graphError(res, 400, 'This authorization code has been used.', 100);
      this.codes.delete(code);
      const token = `EAA${randomBytes(32).toString('base64url')}`;
      this.tokens.set(token, grant);
      return json(res, 200, { access_token: token, token_type: 'bearer' });
    }
    if (/^\/v\d+\.\d+\/debug_token$/.test(url.pathname)) {
      if (bearer !== `${this.options.appId}|${this.options.appSecret}`) return graphError(res, 400, 'Invalid OAuth access token.', 190);
      const grant = this.tokens.get(url.searchParams.get('input_token') ?? '');
      if (!grant) return json(res, 200, { data: { is_valid: false, error: { code: 190, message: 'Invalid OAuth access token.' } } });
      const targets = { target_ids: [grant.wabaId] };
      return json(res, 200, {
        data: {
          app_id: this.options.appId,
          type: 'USER',
          is_valid: true,
          scopes: ['whatsapp_business_management', 'whatsapp_business_messaging'],
          granular_scopes: [
            { scope: 'whatsapp_business_management', ...targets },
            { scope: 'whatsapp_business_messaging', ...targets },
          ],
        },
      });
    }
    const phoneNumbers = /^\/v\d+\.\d+\/(\d+)\/phone_numbers$/.exec(url.pathname);
    if (phoneNumbers) {
      const grant = this.tokens.get(bearer);
      if (!grant) return graphError(res, 401, 'Invalid OAuth access token.', 190);
      const wabaId = phoneNumbers[1]!;
      if (grant.wabaId !== wabaId) return graphError(res, 403, '(#200) Permissions error', 200);
      const data = this.state
        .numbersIn(wabaId)
        .map((number) => ({ id: number.id, display_phone_number: number.display, ...(number.verifiedName ? { verified_name: number.verifiedName } : {}) }));
      return json(res, 200, { data });
    }
    if (/^\/v\d+\.\d+\/\d+(\/\w+)?$/.test(url.pathname)) {
      if (this.tokens.has(bearer)) return graphError(res, 403, '(#200) Permissions error', 200);
      return graphError(res, 401, 'Invalid OAuth access token - Cannot parse access token', 190);
    }
    fail(res, 404, 'not found');
  }

  /** Graph's usage headers, as Meta puts on every answer: the business use case's and the app's. */
  private usageHeaders(res: ServerResponse, path: string): void {
    const wabaId = /^\/v\d+\.\d+\/(\d+)/.exec(path)?.[1];
    const businessId = (wabaId && this.state.businessOf(wabaId)?.id) || ISV_BUSINESS_ID;
    const counters = { call_count: this.usage, total_cputime: Math.min(this.usage, 100), total_time: Math.min(this.usage, 100) };
    const business = [{ type: 'whatsapp_business_management', ...counters, estimated_time_to_regain_access: this.regainMinutes }];
    res.setHeader('x-business-use-case-usage', JSON.stringify({ [businessId]: business }));
    res.setHeader('x-app-usage', JSON.stringify({ call_count: 1, total_cputime: 1, total_time: 1 }));
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A POST's parameters: form-encoded as Graph takes them, or JSON. */
function parseForm(body: string, contentType: string | undefined): Record<string, string> {
  if (!body) return {};
  if (contentType?.includes('application/json')) {
    try {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(parsed).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]));
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(body));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const graphError = (res: ServerResponse, status: number, message: string, code: number) =>
  json(res, status, { error: { message, type: 'OAuthException', code } });

function fail(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(message);
}
