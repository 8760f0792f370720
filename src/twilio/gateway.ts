import { SecretRegistry } from '../secrets.js';
import { refusedCredentials, StandardKeyRefusedError, SubaccountRefusedError, TwilioApiError } from './errors.js';
import type { Transport } from './transport.js';
import type {
  AccountWire,
  AlertWire,
  AvailableNumberQuery,
  AvailableNumberType,
  AvailablePhoneNumberWire,
  CreateSenderBody,
  IncomingPhoneNumberWire,
  PhoneNumberCountryPricingWire,
  SenderWire,
  UpdateSenderBody,
} from './wire.js';

const API = 'https://api.twilio.com/2010-04-01';
const SENDERS = 'https://messaging.twilio.com/v2/Channels/Senders';
const MONITOR = 'https://monitor.twilio.com/v1/Alerts';
const PRICING = 'https://pricing.twilio.com/v1/PhoneNumbers/Countries';

/** The one door to Twilio. Every method takes the account (main or subaccount) it acts in. */
export interface TwilioGateway {
  mainAccountSid: string;
  /** The account's number, if it owns it; `timeoutMs` bounds a look that must not hold anyone up (one try, no retry). */
  findIncomingNumber(accountSid: string, e164: string, options?: { timeoutMs?: number }): Promise<IncomingPhoneNumberWire | undefined>;
  updateIncomingNumber(accountSid: string, phoneNumberSid: string, form: Record<string, string>): Promise<IncomingPhoneNumberWire>;
  /** Numbers Twilio offers for sale in a country, of one type; 404 when the country has none of that type. */
  listAvailableNumbers(country: string, type: AvailableNumberType, query: AvailableNumberQuery): Promise<AvailablePhoneNumberWire[]>;
  /** The monthly price of each number type in a country (Pricing API v1); `timeoutMs` bounds the look (one try). */
  fetchNumberPrices(country: string, options?: { timeoutMs?: number }): Promise<PhoneNumberCountryPricingWire>;
  /** Buys a number into the account; never retried on an uncertain outcome (the caller looks it up instead). */
  buyNumber(accountSid: string, e164: string): Promise<IncomingPhoneNumberWire>;
  /** Gives a number to another subaccount of the same main account (its AccountSid updated, with the main credentials). */
  moveNumber(fromAccountSid: string, phoneNumberSid: string, toAccountSid: string): Promise<IncomingPhoneNumberWire>;
  /** One cheap look at the subaccount list: refused for credentials that cannot manage subaccounts (a Standard API key). */
  probeSubaccounts(timeoutMs: number): Promise<void>;
  createSender(accountSid: string, body: CreateSenderBody): Promise<SenderWire>;
  updateSender(accountSid: string, sid: string, body: UpdateSenderBody): Promise<SenderWire>;
  fetchSender(accountSid: string, sid: string): Promise<SenderWire>;
  listSenders(accountSid: string): Promise<SenderWire[]>;
  deleteSender(accountSid: string, sid: string): Promise<void>;
  createSubaccount(friendlyName: string): Promise<AccountWire>;
  /** The main account's subaccounts with this friendly name. */
  findSubaccounts(friendlyName: string): Promise<AccountWire[]>;
  fetchAccount(accountSid: string): Promise<AccountWire>;
  listAlerts(accountSid: string, since: Date): Promise<AlertWire[]>;
  /** A call recording's audio (MP3), for a person to listen to in Slack. */
  recordingAudio(accountSid: string, recordingSid: string): Promise<Buffer>;
  deleteRecording(accountSid: string, recordingSid: string): Promise<void>;
  /**
   * The auth token Twilio signs the account's webhook requests with (read from Twilio when the
   * bot's credentials are not that token, kept in memory only); `fresh` reads it again, for a token
   * its owner may have rotated, at most once a minute per account.
   */
  authTokenOf(accountSid: string, options?: { fresh?: boolean }): Promise<string>;
}

export interface GatewayOptions {
  /** Every account token the gateway fetches is registered here before anything else sees it. */
  secrets?: SecretRegistry;
  /** The customer an account belongs to, to name it when Twilio refuses that account's own credentials. */
  customerOf?: (accountSid: string) => Promise<string | undefined>;
  /** The look at start found the credentials unable to manage subaccounts (a Standard API key): a refusal in one says so. */
  subaccountsOffLimits?: () => boolean;
  /** The main account's auth token, when the bot's credentials are that token (with an API key it is read from Twilio when needed). */
  mainAuthToken?: string;
  /** The time, for how often a webhook signing token may be read again (milliseconds). */
  now?: () => number;
}

/**
 * A webhook signing token is read again from Twilio at most this often per account: a
 * badly signed request (anyone can send one) must not make every request a Twilio fetch.
 */
export const TOKEN_REFETCH_INTERVAL_MS = 60_000;

interface SubaccountAuth {
  username: string;
  password: string;
  /** The account's status when its token was fetched. */
  status?: string;
}

export function createGateway(send: Transport, mainAccountSid: string, options: GatewayOptions = {}): TwilioGateway {
  const secrets = options.secrets ?? new SecretRegistry();
  // The v2010 API accepts the main credentials for a subaccount's resources; the other APIs
  // need the subaccount's own SID and token, which are fetched with the main credentials and
  // kept in memory only.
  const subaccountAuth = new Map<string, Promise<SubaccountAuth>>();
  const now = options.now ?? Date.now;
  /** With an API key, the main account's token, read from Twilio once (kept in memory only). */
  let mainToken: Promise<string> | undefined;
  const refetchedAt = new Map<string, number>();
  /** Whether a token the caller suspects was rotated may be read again now (at most once an interval per account). */
  const mayRefetch = (accountSid: string) => {
    const last = refetchedAt.get(accountSid);
    if (last !== undefined && now() - last < TOKEN_REFETCH_INTERVAL_MS) return false;
    refetchedAt.set(accountSid, now());
    return true;
  };

  const fetchAccount = async (accountSid: string) => {
    const account = (await send<AccountWire>({ method: 'get', url: `${API}/Accounts/${accountSid}.json` })).body;
    secrets.addCredentials(account.sid, account.auth_token);
    return account;
  };

  /** A request in a subaccount, whose refusal names a Standard API key as the cause when the check at start found one. */
  const inAccount = async <T>(accountSid: string, request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (error) {
      const refused = error instanceof TwilioApiError && (error.status === 401 || error.status === 403 || error.code === 20003);
      if (!refused || accountSid === mainAccountSid || !options.subaccountsOffLimits?.()) throw error;
      throw new StandardKeyRefusedError(error, { accountSid, customer: await options.customerOf?.(accountSid).catch(() => undefined) });
    }
  };

  const cachedAuth = (accountSid: string) => {
    let auth = subaccountAuth.get(accountSid);
    if (!auth) {
      const fetching = fetchAccount(accountSid).then((account) => ({
        username: accountSid,
        password: account.auth_token ?? '',
        status: account.status ?? undefined,
      }));
      fetching.catch(() => {
        if (subaccountAuth.get(accountSid) === fetching) subaccountAuth.delete(accountSid);
      });
      subaccountAuth.set(accountSid, fetching);
      auth = fetching;
    }
    return auth;
  };

  /**
   * Runs a request as the account: with the transport's main credentials for the main account,
   * with its own token for a subaccount. Its owner may rotate that token: when Twilio refuses
   * it, the token is fetched again (once, however many requests were refused together) and the
   * request sent once more. Refused again, the error names the subaccount.
   */
  const asAccount = async <T>(accountSid: string, request: (auth?: SubaccountAuth) => Promise<T>): Promise<T> => {
    if (accountSid === mainAccountSid) return request(undefined);
    const used = cachedAuth(accountSid);
    // Failing to fetch the token is about the main credentials (or Twilio), not this token.
    const auth = await inAccount(accountSid, () => used);
    try {
      return await request(auth);
    } catch (error) {
      if (!refusedCredentials(error)) throw error;
      if (subaccountAuth.get(accountSid) === used) subaccountAuth.delete(accountSid);
      const fresh = await inAccount(accountSid, () => cachedAuth(accountSid));
      try {
        return await request(fresh);
      } catch (again) {
        if (!refusedCredentials(again)) throw again;
        throw new SubaccountRefusedError(again, { accountSid, customer: await options.customerOf?.(accountSid).catch(() => undefined), status: fresh.status });
      }
    }
  };

  const listAll = <T>(accountSid: string, url: string, key: string, query: Record<string, string | number>) =>
    asAccount(accountSid, async (auth) => {
      const items: T[] = [];
      let next: string | null | undefined = url;
      let params: Record<string, string | number> | undefined = query;
      while (next) {
        const page: { body: Record<string, unknown> } = await send<Record<string, unknown>>({ method: 'get', url: next, query: params, auth });
        items.push(...((page.body[key] as T[]) ?? []));
        const meta = page.body.meta as { next_page_url?: string | null } | undefined;
        const nextUri = page.body.next_page_uri as string | null | undefined;
        next = meta?.next_page_url ?? (nextUri ? new URL(nextUri, 'https://api.twilio.com').href : null);
        params = undefined;
      }
      return items;
    });

  return {
    mainAccountSid,

    async findIncomingNumber(accountSid, e164, options = {}) {
      const { body } = await inAccount(accountSid, () =>
        send<{ incoming_phone_numbers: IncomingPhoneNumberWire[] }>({
          method: 'get',
          url: `${API}/Accounts/${accountSid}/IncomingPhoneNumbers.json`,
          query: { PhoneNumber: e164, PageSize: 20 },
          ...(options.timeoutMs ? { timeoutMs: options.timeoutMs, attempts: 1 } : {}),
        }),
      );
      return body.incoming_phone_numbers.find((n) => n.phone_number === e164);
    },

    async updateIncomingNumber(accountSid, phoneNumberSid, form) {
      const { body } = await inAccount(accountSid, () =>
        send<IncomingPhoneNumberWire>({ method: 'post', url: `${API}/Accounts/${accountSid}/IncomingPhoneNumbers/${phoneNumberSid}.json`, form }),
      );
      return body;
    },

    async listAvailableNumbers(country, type, query) {
      const params: Record<string, string | number> = {};
      for (const [name, value] of Object.entries(query)) if (value !== undefined) params[name] = typeof value === 'boolean' ? String(value) : value;
      const { body } = await send<{ available_phone_numbers: AvailablePhoneNumberWire[] }>({
        method: 'get',
        url: `${API}/Accounts/${mainAccountSid}/AvailablePhoneNumbers/${encodeURIComponent(country)}/${type}.json`,
        query: params,
      });
      return body.available_phone_numbers ?? [];
    },

    async fetchNumberPrices(country, options = {}) {
      const { body } = await send<PhoneNumberCountryPricingWire>({
        method: 'get',
        url: `${PRICING}/${encodeURIComponent(country)}`,
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs, attempts: 1 } : {}),
      });
      return body;
    },

    async buyNumber(accountSid, e164) {
      const { body } = await inAccount(accountSid, () =>
        send<IncomingPhoneNumberWire>({
          method: 'post',
          url: `${API}/Accounts/${accountSid}/IncomingPhoneNumbers.json`,
          form: { PhoneNumber: e164 },
          retryUncertain: false,
        }),
      );
      return body;
    },

    async moveNumber(fromAccountSid, phoneNumberSid, toAccountSid) {
      const { body } = await inAccount(fromAccountSid, () =>
        send<IncomingPhoneNumberWire>({
          method: 'post',
          url: `${API}/Accounts/${fromAccountSid}/IncomingPhoneNumbers/${phoneNumberSid}.json`,
          form: { AccountSid: toAccountSid },
        }),
      );
      return body;
    },

    async probeSubaccounts(timeoutMs) {
      await send({ method: 'get', url: `${API}/Accounts.json`, query: { PageSize: 1 }, timeoutMs, attempts: 1 });
    },

    // A refused token means the request was not processed, so sending it again is safe, creates included.
    createSender: (accountSid, body) =>
      asAccount(accountSid, async (auth) => (await send<SenderWire>({ method: 'post', url: SENDERS, json: body, auth, retryUncertain: false })).body),

    updateSender: (accountSid, sid, body) =>
      asAccount(
        accountSid,
        async (auth) => (await send<SenderWire>({ method: 'post', url: `${SENDERS}/${sid}`, json: body, auth, retryUncertain: false })).body,
      ),

    fetchSender: (accountSid, sid) => asAccount(accountSid, async (auth) => (await send<SenderWire>({ method: 'get', url: `${SENDERS}/${sid}`, auth })).body),

    listSenders: (accountSid) => listAll<SenderWire>(accountSid, SENDERS, 'senders', { Channel: 'whatsapp', PageSize: 1000 }),

    deleteSender: (accountSid, sid) =>
      asAccount(accountSid, async (auth) => {
        await send({ method: 'delete', url: `${SENDERS}/${sid}`, auth });
      }),

    async createSubaccount(friendlyName) {
      const { body } = await send<AccountWire>({
        method: 'post',
        url: `${API}/Accounts.json`,
        form: { FriendlyName: friendlyName },
        retryUncertain: false,
      });
      secrets.addCredentials(body.sid, body.auth_token);
      return body;
    },

    fetchAccount,

    async findSubaccounts(friendlyName) {
      const { body } = await send<{ accounts: AccountWire[] }>({
        method: 'get',
        url: `${API}/Accounts.json`,
        query: { FriendlyName: friendlyName, PageSize: 50 },
      });
      for (const account of body.accounts) secrets.addCredentials(account.sid, account.auth_token);
      return body.accounts.filter((a) => a.sid !== mainAccountSid);
    },

    async recordingAudio(accountSid, recordingSid) {
      const url = `${API}/Accounts/${accountSid}/Recordings/${recordingSid}.mp3`;
      return (await inAccount(accountSid, () => send<Buffer>({ method: 'get', url, media: true }))).body;
    },

    async deleteRecording(accountSid, recordingSid) {
      await inAccount(accountSid, () => send({ method: 'delete', url: `${API}/Accounts/${accountSid}/Recordings/${recordingSid}.json` }));
    },

    async authTokenOf(accountSid, { fresh = false } = {}) {
      if (accountSid !== mainAccountSid) {
        if (fresh && mayRefetch(accountSid)) subaccountAuth.delete(accountSid);
        return (await inAccount(accountSid, () => cachedAuth(accountSid))).password;
      }
      if (options.mainAuthToken) return options.mainAuthToken;
      if (!mainToken || (fresh && mayRefetch(accountSid))) {
        const fetching = fetchAccount(mainAccountSid).then((account) => account.auth_token ?? '');
        fetching.catch(() => {
          if (mainToken === fetching) mainToken = undefined;
        });
        mainToken = fetching;
      }
      return mainToken;
    },

    listAlerts: (accountSid, since) =>
      listAll<AlertWire>(accountSid, MONITOR, 'alerts', { StartDate: since.toISOString().replace(/\.\d{3}Z$/, 'Z'), PageSize: 1000 }),
  };
}
