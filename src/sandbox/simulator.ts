import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '../clock.js';
import type { IncomingPhoneNumberWire } from '../twilio/wire.js';
import { TwilioContract } from './contract.js';
import { type AvailableFilter, availableNumbers, DEFAULT_INVENTORY, numberPricing, purchaseRefusal, type SimAvailableNumber } from './sim-numbers.js';
import { type AccountStatus, DEFAULT_DELAYS, type Delays, type Scenario, type SimAccount, SimError, SimState, sid } from './sim-state.js';
import { type SimCallOptions, SimVoiceCalls } from './sim-voice-call.js';

export interface SimulatorOptions {
  mainAccountSid: string;
  authToken: string;
  clock?: Clock;
  delays?: Delays;
  /** Added before every answer, to measure the bot against a slow Twilio. */
  latencyMs?: number;
  /** Check every request and answer against the contract (on by default; benchmarks turn it off to time the bot alone). */
  checkContract?: boolean;
  /** Meta's verification calls to voice-only numbers (see sim-voice-call.ts). */
  voiceCalls?: SimCallOptions;
}

export interface RecordedRequest {
  operationId: string;
  method: string;
  path: string;
  accountSid: string;
  body: unknown;
  query: Record<string, string>;
  at: number;
}

/** A fault the next matching requests play: see failNext, dropAfterProcessing, delayNext, echoNext. */
interface Fault {
  kind: 'status' | 'drop_after' | 'delay' | 'echo';
  remaining: number;
  operationId?: string;
  /** Only requests whose path holds this (an account SID, say). */
  pathIncludes?: string;
  status?: number;
  retryAfterSeconds?: number;
  delayMs?: number;
  /** A delay that lasts until this settles (instead of delayMs). */
  until?: Promise<unknown>;
}

type Handler = (ctx: RequestContext) => { status: number; body?: unknown };

interface RequestContext {
  account: SimAccount;
  /** Whose credentials the request came with (the main account acting for a subaccount, say). */
  caller: SimAccount;
  params: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, any>;
}

const DATE_RFC2822 = (ms: number) => new Date(ms).toUTCString().replace('GMT', '+0000');

/**
 * A Twilio stand-in speaking the contract in contracts/twilio for every endpoint the bot uses.
 * Requests and responses are checked against that contract; violations are kept for tests.
 */
export class TwilioSimulator {
  readonly state: SimState;
  readonly requests: RecordedRequest[] = [];
  readonly contractViolations: string[] = [];
  /** The most requests the simulator was answering at one time. */
  peakInFlight = 0;
  private inFlight = 0;
  private readonly contract = new TwilioContract();
  private readonly faults: Fault[] = [];
  private server?: Server;
  /** The base URL once started. */
  url = '';
  private readonly routes: { method: string; pattern: RegExp; operationId: string; handler: Handler; scoped: boolean }[] = [];
  /** Numbers on sale; a number bought leaves this list. */
  readonly inventory: SimAvailableNumber[] = DEFAULT_INVENTORY();
  /** API keys: a Main key acts as its account does; a Standard key is refused on /Accounts and in other accounts. */
  private readonly apiKeys = new Map<string, { secret: string; accountSid: string; kind: 'main' | 'standard' }>();

  /** Meta's verification calls, played as Twilio plays them to the number's VoiceUrl. */
  readonly voiceCalls: SimVoiceCalls;

  constructor(readonly options: SimulatorOptions) {
    this.state = new SimState(options.mainAccountSid, options.authToken, options.clock ?? systemClock, options.delays ?? DEFAULT_DELAYS);
    this.voiceCalls = new SimVoiceCalls(this.state, options.voiceCalls);
    this.defineRoutes();
  }

  // ---- controls for tests and the sandbox ----
  addNumber(accountSid: string, phoneNumber: string, capabilities = { sms: true, voice: true }): IncomingPhoneNumberWire {
    return this.state.addNumber(accountSid, phoneNumber, capabilities);
  }

  /** An API key of the main account, as Twilio's Console makes them; use its SID and secret as the bot's credentials. */
  addApiKey(kind: 'main' | 'standard'): { sid: string; secret: string } {
    const key = { sid: sid('SK'), secret: sid('') };
    this.apiKeys.set(key.sid, { secret: key.secret, accountSid: this.options.mainAccountSid, kind });
    return key;
  }

  setScenario(phoneNumber: string, scenario: Scenario, offlineCode?: string, afterMs?: number): void {
    this.state.scenarios.set(phoneNumber, { scenario, offlineCode, afterMs });
  }

  /** The code the phone received, as a person would read it on the handset. */
  codeSentTo(phoneNumber: string): string | undefined {
    return this.state.phoneInbox.get(phoneNumber);
  }

  /** The subaccount's owner issues it a new auth token: the old one is refused from now on. Returns the new token. */
  rotateToken(accountSid: string): string {
    return this.state.rotateToken(accountSid);
  }

  /** A suspended or closed account's own credentials are refused; its owner can still read it. */
  setAccountStatus(accountSid: string, status: AccountStatus): void {
    this.state.setAccountStatus(accountSid, status);
  }

  /** The next `count` requests (of one operation, if given) answer with this HTTP status, unprocessed. */
  failNext(status: 429 | 500 | 502 | 503, count = 1, operationId?: string, retryAfterSeconds?: number): void {
    this.faults.push({ kind: 'status', status, retryAfterSeconds, remaining: count, operationId });
  }

  /** The next `count` requests are processed, then the connection drops before any answer: the work is done, the caller cannot know. */
  dropAfterProcessing(count = 1, operationId?: string): void {
    this.faults.push({ kind: 'drop_after', remaining: count, operationId });
  }

  /** The next `count` requests (of one operation and path, if given) are held `ms` (real time) before they are processed: until then the work has not happened. */
  delayNext(ms: number, count = 1, operationId?: string, pathIncludes?: string): void {
    this.faults.push({ kind: 'delay', delayMs: ms, remaining: count, operationId, pathIncludes });
  }

  /** The next request (of one operation, if given) is held until `until` settles before it is processed: until then the work has not happened. */
  holdNext(until: Promise<unknown>, operationId?: string): void {
    this.faults.push({ kind: 'delay', until, remaining: 1, operationId });
  }

  /** The next `count` requests answer an error quoting what they were sent (credentials and body), as a careless server might. */
  echoNext(status: 400 | 500, count = 1, operationId?: string): void {
    this.faults.push({ kind: 'echo', status, remaining: count, operationId });
  }

  requestsOf(operationId: string): RecordedRequest[] {
    return this.requests.filter((r) => r.operationId === operationId);
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      this.peakInFlight = Math.max(this.peakInFlight, ++this.inFlight);
      void this.handle(req, res).finally(() => (this.inFlight -= 1));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  // ---- HTTP ----
  private route(method: string, path: string, operationId: string, handler: Handler, scoped = false) {
    const pattern = new RegExp(`^${path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+?)')}$`);
    this.routes.push({ method, pattern, operationId, handler, scoped });
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://sim');
    const raw = await readBody(req);
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    if (url.pathname.startsWith('/__sandbox/')) return this.control(url, raw, res);
    const media = this.voiceCalls.mediaAt(url.pathname);
    if (media && req.method === 'GET')
      return this.authenticate(req.headers.authorization, media.accountSid)
        ? void res.writeHead(200, { 'Content-Type': 'audio/mpeg', 'Content-Length': String(media.audio.length) }).end(media.audio)
        : send(res, 401, twilioError(401, 20003, 'Authenticate'));
    const route = this.routes.find((r) => r.method === req.method && r.pattern.test(url.pathname));
    if (!route) return send(res, 404, twilioError(404, 20404, `The requested resource ${url.pathname} was not found`));
    const params = (route.pattern.exec(url.pathname)?.groups ?? {}) as Record<string, string>;
    const query = Object.fromEntries(url.searchParams.entries());
    const contentType = req.headers['content-type'] ?? '';
    const body = raw.length === 0 ? {} : contentType.includes('application/json') ? safeParse(raw) : Object.fromEntries(new URLSearchParams(raw));

    const auth = this.authenticate(req.headers.authorization, route.scoped ? (params.AccountSid ?? params.Sid) : undefined);
    if (!auth) return send(res, 401, twilioError(401, 20003, 'Authenticate'));
    if (auth.standardKey && (ACCOUNTS_OPERATIONS.has(route.operationId) || auth.account.sid !== auth.caller.sid))
      return send(
        res,
        403,
        twilioError(403, 20003, 'Authentication Error - Standard API keys cannot access this resource (use a Main API key or the auth token)'),
      );
    const { account, caller } = auth;
    this.requests.push({
      operationId: route.operationId,
      method: req.method!,
      path: url.pathname,
      accountSid: account.sid,
      body: raw.length ? body : undefined,
      query,
      at: this.state.clock.now(),
    });

    const fault = this.takeFault(route.operationId, url.pathname);
    if (fault?.kind === 'status') {
      const code = fault.status === 429 ? 20429 : 20500;
      const headers = fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : undefined;
      return send(res, fault.status!, twilioError(fault.status!, code, fault.status === 429 ? 'Too Many Requests' : 'Internal Server Error'), headers);
    }
    if (fault?.kind === 'echo') {
      const credentials = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      return send(
        res,
        fault.status!,
        twilioError(fault.status!, fault.status === 400 ? 63100 : 20500, `Request could not be processed. Credentials: ${credentials}. Body: ${raw}`),
      );
    }
    if (fault?.kind === 'delay') await (fault.until ?? new Promise((resolve) => setTimeout(resolve, fault.delayMs)));

    const checking = this.options.checkContract !== false;
    const queryCheck = checking ? this.contract.validateQuery(route.operationId, query) : { valid: true, errors: [] };
    const bodyCheck = checking && ['POST', 'PUT'].includes(req.method!) ? this.contract.validateRequest(route.operationId, body) : { valid: true, errors: [] };
    const problems = [...queryCheck.errors, ...bodyCheck.errors];
    if (problems.length > 0) {
      this.contractViolations.push(`${route.operationId} request: ${problems.join('; ')}`);
      return send(res, 400, twilioError(400, 63100, `Invalid request: ${problems.join('; ')}`));
    }
    try {
      const out = route.handler({ account, caller, params, query, body });
      const check = checking ? this.contract.validateResponse(route.operationId, out.status, out.body) : { valid: true, errors: [] };
      if (!check.valid) this.contractViolations.push(`${route.operationId} response: ${check.errors.join('; ')}`);
      if (fault?.kind === 'drop_after') {
        res.socket?.destroy();
        return;
      }
      send(res, out.status, out.body);
    } catch (error) {
      if (error instanceof SimError) return send(res, error.status, twilioError(error.status, error.code, error.message));
      send(res, 500, twilioError(500, 20500, (error as Error).message));
    }
  }

  private takeFault(operationId: string, path: string): Fault | undefined {
    const fault = this.faults.find(
      (f) => f.remaining > 0 && (!f.operationId || f.operationId === operationId) && (!f.pathIncludes || path.includes(f.pathIncludes)),
    );
    if (fault) fault.remaining -= 1;
    return fault;
  }

  /** The account a request acts as, and whose credentials it came with: main credentials may act for any subaccount. */
  private authenticate(
    header: string | undefined,
    pathAccount: string | undefined,
  ): { account: SimAccount; caller: SimAccount; standardKey: boolean } | undefined {
    if (!header?.startsWith('Basic ')) return undefined;
    const [user, pass] = Buffer.from(header.slice(6), 'base64').toString().split(':');
    const key = user ? this.apiKeys.get(user) : undefined;
    if (key && key.secret !== pass) return undefined;
    const caller = key ? this.state.accounts.get(key.accountSid) : user ? this.state.accounts.get(user) : undefined;
    if (!caller || (!key && caller.authToken !== pass) || caller.status !== 'active') return undefined;
    const standardKey = key?.kind === 'standard';
    if (!pathAccount) return { account: caller, caller, standardKey };
    const target = this.state.accounts.get(pathAccount);
    if (!target) return undefined;
    return caller.sid === target.sid || target.owner === caller.sid ? { account: target, caller, standardKey } : undefined;
  }

  private control(url: URL, raw: string, res: ServerResponse) {
    const body = raw ? (safeParse(raw) as Record<string, any>) : {};
    if (url.pathname === '/__sandbox/phone') {
      const number = url.searchParams.get('number') ?? '';
      return send(res, 200, { number, code: this.codeSentTo(number) ?? null });
    }
    if (url.pathname === '/__sandbox/scenario') {
      this.setScenario(String(body.number), body.scenario as Scenario, body.offlineCode);
      return send(res, 200, { ok: true });
    }
    if (url.pathname === '/__sandbox/numbers') {
      return send(
        res,
        201,
        this.addNumber(String(body.accountSid ?? this.options.mainAccountSid), String(body.number), { sms: body.sms !== false, voice: body.voice !== false }),
      );
    }
    send(res, 404, { message: 'unknown sandbox control' });
  }

  private defineRoutes() {
    const s = this.state;
    const senderOf = (ctx: RequestContext) => {
      const sender = s.senders.get(ctx.params.Sid!);
      if (!sender || sender.accountSid !== ctx.account.sid)
        throw new SimError(404, 20404, `The requested resource /v2/Channels/Senders/${ctx.params.Sid} was not found`);
      return sender;
    };
    const accountView = (a: SimAccount, withToken: boolean) => ({
      sid: a.sid,
      friendly_name: a.friendlyName,
      owner_account_sid: a.owner,
      status: a.status,
      type: 'Full',
      auth_token: withToken ? a.authToken : null,
      date_created: DATE_RFC2822(a.createdAt),
      date_updated: DATE_RFC2822(a.createdAt),
      subresource_uris: {},
      uri: `/2010-04-01/Accounts/${a.sid}.json`,
    });
    const numberView = (n: IncomingPhoneNumberWire) => ({
      ...n,
      address_requirements: 'none',
      api_version: '2010-04-01',
      beta: false,
      date_created: DATE_RFC2822(s.clock.now()),
      date_updated: DATE_RFC2822(s.clock.now()),
      origin: 'twilio',
      status: 'in-use',
      uri: `/2010-04-01/Accounts/${n.account_sid}/IncomingPhoneNumbers/${n.sid}.json`,
    });

    this.route('POST', '/v2/Channels/Senders', 'CreateChannelsSender', (ctx) => ({
      status: 202,
      body: s.view(this.voiceCalls.afterCreate(s.create(ctx.account.sid, ctx.body))),
    }));
    this.route('GET', '/v2/Channels/Senders', 'ListChannelsSender', (ctx) => {
      const pageSize = Math.min(Number(ctx.query.PageSize ?? 20), 1000);
      const page = Number(ctx.query.Page ?? 0);
      const all = [...s.senders.values()].filter((x) => x.accountSid === ctx.account.sid);
      const slice = all.slice(page * pageSize, (page + 1) * pageSize);
      const base = 'https://messaging.twilio.com/v2/Channels/Senders';
      const pageUrl = (p: number) => `${base}?Channel=whatsapp&PageSize=${pageSize}&Page=${p}`;
      return {
        status: 200,
        body: {
          senders: slice.map((x) => s.view(x)),
          meta: {
            page,
            page_size: pageSize,
            first_page_url: pageUrl(0),
            previous_page_url: page > 0 ? pageUrl(page - 1) : null,
            url: pageUrl(page),
            next_page_url: (page + 1) * pageSize < all.length ? `${pageUrl(page + 1)}&PageToken=PT${page + 1}` : null,
            key: 'senders',
          },
        },
      };
    });
    this.route('GET', '/v2/Channels/Senders/{Sid}', 'FetchChannelsSender', (ctx) => ({ status: 200, body: s.view(senderOf(ctx)) }));
    this.route('POST', '/v2/Channels/Senders/{Sid}', 'UpdateChannelsSender', (ctx) => {
      const sender = senderOf(ctx);
      const displayNameStatus = s.changeDisplayName(sender, ctx.body);
      s.update(sender, ctx.body);
      return { status: 202, body: { ...s.view(sender), ...(displayNameStatus ? { display_name_status: displayNameStatus } : {}) } };
    });
    this.route('DELETE', '/v2/Channels/Senders/{Sid}', 'DeleteChannelsSender', (ctx) => {
      s.senders.delete(senderOf(ctx).sid);
      return { status: 204 };
    });

    this.route(
      'DELETE',
      '/2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}.json',
      'DeleteRecording',
      (ctx) => {
        const recording = this.voiceCalls.recordings.get(ctx.params.Sid!);
        if (!recording || recording.accountSid !== ctx.account.sid) throw new SimError(404, 20404, 'The requested resource was not found');
        this.voiceCalls.recordings.delete(ctx.params.Sid!);
        return { status: 204 };
      },
      true,
    );
    this.route('POST', '/2010-04-01/Accounts.json', 'CreateAccount', (ctx) => ({
      status: 201,
      body: accountView(s.createSubaccount(String(ctx.body.FriendlyName ?? 'Subaccount')), true),
    }));
    this.route('GET', '/2010-04-01/Accounts.json', 'ListAccount', (ctx) => {
      // The caller's own account and the subaccounts it owns, as Twilio lists them.
      const list = [...s.accounts.values()].filter(
        (a) => (a.sid === ctx.account.sid || a.owner === ctx.account.sid) && (!ctx.query.FriendlyName || a.friendlyName === ctx.query.FriendlyName),
      );
      return {
        status: 200,
        body: v2010Page(
          'accounts',
          list.map((a) => accountView(a, false)),
          'https://api.twilio.com/2010-04-01/Accounts.json',
        ),
      };
    });
    this.route('GET', '/2010-04-01/Accounts/{Sid}.json', 'FetchAccount', (ctx) => ({ status: 200, body: accountView(ctx.account, true) }), true);
    this.route(
      'GET',
      '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json',
      'ListIncomingPhoneNumber',
      (ctx) => {
        const list = s.numbers.filter((n) => n.account_sid === ctx.account.sid && (!ctx.query.PhoneNumber || n.phone_number === ctx.query.PhoneNumber));
        const uri = `https://api.twilio.com/2010-04-01/Accounts/${ctx.account.sid}/IncomingPhoneNumbers.json`;
        return { status: 200, body: v2010Page('incoming_phone_numbers', list.map(numberView), uri) };
      },
      true,
    );
    this.route(
      'POST',
      '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json',
      'UpdateIncomingPhoneNumber',
      (ctx) => {
        const number = s.numbers.find((n) => n.sid === ctx.params.Sid && n.account_sid === ctx.account.sid);
        if (!number) throw new SimError(404, 20404, 'The requested resource was not found');
        const b = ctx.body as Record<string, string>;
        if (b.AccountSid !== undefined && b.AccountSid !== number.account_sid) {
          // Numbers move between accounts of one main account, on the main account's credentials.
          const to = s.accounts.get(b.AccountSid);
          const family = (a: SimAccount) => (a.owner === a.sid ? a.sid : a.owner);
          if (!to || ctx.caller.sid !== family(ctx.account) || family(to) !== family(ctx.account))
            throw new SimError(400, 21402, `AccountSid ${b.AccountSid} is not an account this number can move to`);
          number.account_sid = to.sid;
        }
        const set = (key: keyof IncomingPhoneNumberWire, field: string) => {
          if (b[field] !== undefined) (number as unknown as Record<string, string | null>)[key] = b[field] === '' ? null : b[field]!;
        };
        set('voice_url', 'VoiceUrl');
        set('voice_method', 'VoiceMethod');
        set('voice_fallback_url', 'VoiceFallbackUrl');
        set('voice_fallback_method', 'VoiceFallbackMethod');
        // Setting an application clears the trunk and the other way round, as Twilio documents.
        if (b.VoiceApplicationSid !== undefined) {
          number.voice_application_sid = b.VoiceApplicationSid || null;
          if (b.VoiceApplicationSid) number.trunk_sid = null;
        }
        if (b.TrunkSid !== undefined) {
          number.trunk_sid = b.TrunkSid || null;
          if (b.TrunkSid) number.voice_application_sid = null;
        }
        return { status: 200, body: numberView(number) };
      },
      true,
    );
    this.route(
      'POST',
      '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json',
      'CreateIncomingPhoneNumber',
      (ctx) => {
        const b = ctx.body as Record<string, string>;
        const wanted = String(b.PhoneNumber ?? '');
        const forSale = this.inventory.find((n) => n.phoneNumber === wanted);
        const refusal = purchaseRefusal(forSale, wanted, b);
        if (refusal) throw refusal;
        this.inventory.splice(this.inventory.indexOf(forSale!), 1);
        const number = s.addNumber(ctx.account.sid, wanted, { sms: forSale!.sms, voice: forSale!.voice });
        return { status: 201, body: numberView(number) };
      },
      true,
    );
    this.route(
      'GET',
      '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json',
      'FetchIncomingPhoneNumber',
      (ctx) => {
        const number = s.numbers.find((n) => n.sid === ctx.params.Sid && n.account_sid === ctx.account.sid);
        if (!number) throw new SimError(404, 20404, 'The requested resource was not found');
        return { status: 200, body: numberView(number) };
      },
      true,
    );
    for (const type of ['Local', 'Mobile', 'TollFree'] as const) {
      this.route(
        'GET',
        `/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/${type}.json`,
        `ListAvailablePhoneNumber${type}`,
        (ctx) => {
          const found = availableNumbers(this.inventory, ctx.params.CountryCode!, type, ctx.query as AvailableFilter);
          const pageSize = Math.min(Number(ctx.query.PageSize ?? 50), 1000);
          const uri = `https://api.twilio.com/2010-04-01/Accounts/${ctx.account.sid}/AvailablePhoneNumbers/${ctx.params.CountryCode}/${type}.json`;
          return {
            status: 200,
            body: {
              available_phone_numbers: found.slice(0, pageSize).map((n) => ({
                friendly_name: n.phoneNumber,
                phone_number: n.phoneNumber,
                lata: null,
                locality: n.locality || null,
                rate_center: null,
                latitude: null,
                longitude: null,
                region: n.region || null,
                postal_code: null,
                iso_country: n.country,
                address_requirements: n.addressRequirements,
                beta: false,
                capabilities: { sms: n.sms, mms: false, voice: n.voice },
              })),
              uri,
            },
          };
        },
        true,
      );
    }
    this.route('GET', '/v1/PhoneNumbers/Countries/{IsoCountry}', 'FetchPhoneNumberCountry', (ctx) => ({
      status: 200,
      body: numberPricing(ctx.params.IsoCountry!),
    }));
    this.route('GET', '/v1/Alerts', 'ListAlert', (ctx) => {
      const since = ctx.query.StartDate ? Date.parse(ctx.query.StartDate) : 0;
      const alerts = s.alerts.filter(
        (a) => a.account_sid === ctx.account.sid && Date.parse(a.date_created ?? '') >= since && Date.parse(a.date_created ?? '') <= this.state.clock.now(),
      );
      const url = 'https://monitor.twilio.com/v1/Alerts?PageSize=1000&Page=0';
      return {
        status: 200,
        body: {
          alerts: alerts.map((a) => ({
            ...a,
            api_version: null,
            date_generated: a.date_created,
            date_updated: a.date_created,
            request_method: null,
            request_url: null,
            service_sid: null,
            url: `https://monitor.twilio.com/v1/Alerts/${a.sid}`,
          })),
          meta: { page: 0, page_size: 1000, first_page_url: url, previous_page_url: null, url, next_page_url: null, key: 'alerts' },
        },
      };
    });
  }
}

/** What a Standard API key may not do: manage subaccounts. */
const ACCOUNTS_OPERATIONS = new Set(['CreateAccount', 'ListAccount', 'FetchAccount', 'UpdateAccount']);

/** One page holding everything, in the 2010 API's list shape. */
function v2010Page(key: string, items: unknown[], uri: string) {
  return {
    [key]: items,
    start: 0,
    end: Math.max(items.length - 1, 0),
    page: 0,
    page_size: 50,
    uri,
    first_page_uri: uri,
    next_page_uri: null,
    previous_page_uri: null,
  };
}

function twilioError(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function safeParse(text: string): Record<string, any> {
  try {
    return JSON.parse(text) as Record<string, any>;
  } catch {
    return { __unparseable: text.slice(0, 100) };
  }
}
