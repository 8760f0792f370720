import type { Transport } from './transport.js';
import type {
  AccountWire,
  AlertWire,
  CreateSenderBody,
  IncomingPhoneNumberWire,
  SenderWire,
  UpdateSenderBody,
} from './wire.js';

const API = 'https://api.twilio.com/2010-04-01';
const SENDERS = 'https://messaging.twilio.com/v2/Channels/Senders';
const MONITOR = 'https://monitor.twilio.com/v1/Alerts';

/** The one door to Twilio. Every method takes the account (main or subaccount) it acts in. */
export interface TwilioGateway {
  mainAccountSid: string;
  findIncomingNumber(accountSid: string, e164: string): Promise<IncomingPhoneNumberWire | undefined>;
  updateIncomingNumber(accountSid: string, phoneNumberSid: string, form: Record<string, string>): Promise<IncomingPhoneNumberWire>;
  createSender(accountSid: string, body: CreateSenderBody): Promise<SenderWire>;
  updateSender(accountSid: string, sid: string, body: UpdateSenderBody): Promise<SenderWire>;
  fetchSender(accountSid: string, sid: string): Promise<SenderWire>;
  listSenders(accountSid: string): Promise<SenderWire[]>;
  deleteSender(accountSid: string, sid: string): Promise<void>;
  createSubaccount(friendlyName: string): Promise<AccountWire>;
  fetchAccount(accountSid: string): Promise<AccountWire>;
  listAlerts(accountSid: string, since: Date): Promise<AlertWire[]>;
}

export function createGateway(send: Transport, mainAccountSid: string): TwilioGateway {
  // The v2010 API accepts the main credentials for a subaccount's resources; the other APIs
  // need the subaccount's own SID and token, which are fetched with the main credentials and
  // kept in memory only.
  const subaccountAuth = new Map<string, Promise<{ username: string; password: string }>>();

  const authFor = async (accountSid: string) => {
    if (accountSid === mainAccountSid) return undefined;
    let auth = subaccountAuth.get(accountSid);
    if (!auth) {
      auth = fetchAccount(accountSid).then((account) => ({ username: accountSid, password: account.auth_token ?? '' }));
      auth.catch(() => subaccountAuth.delete(accountSid));
      subaccountAuth.set(accountSid, auth);
    }
    return auth;
  };

  const fetchAccount = async (accountSid: string) =>
    (await send<AccountWire>({ method: 'get', url: `${API}/Accounts/${accountSid}.json` })).body;

  const listAll = async <T>(accountSid: string, url: string, key: string, query: Record<string, string | number>) => {
    const auth = await authFor(accountSid);
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
  };

  return {
    mainAccountSid,

    async findIncomingNumber(accountSid, e164) {
      const { body } = await send<{ incoming_phone_numbers: IncomingPhoneNumberWire[] }>({
        method: 'get',
        url: `${API}/Accounts/${accountSid}/IncomingPhoneNumbers.json`,
        query: { PhoneNumber: e164, PageSize: 20 },
      });
      return body.incoming_phone_numbers.find((n) => n.phone_number === e164);
    },

    async updateIncomingNumber(accountSid, phoneNumberSid, form) {
      const { body } = await send<IncomingPhoneNumberWire>({
        method: 'post',
        url: `${API}/Accounts/${accountSid}/IncomingPhoneNumbers/${phoneNumberSid}.json`,
        form,
      });
      return body;
    },

    async createSender(accountSid, body) {
      const auth = await authFor(accountSid);
      return (await send<SenderWire>({ method: 'post', url: SENDERS, json: body, auth, retryUncertain: false })).body;
    },

    async updateSender(accountSid, sid, body) {
      const auth = await authFor(accountSid);
      return (await send<SenderWire>({ method: 'post', url: `${SENDERS}/${sid}`, json: body, auth, retryUncertain: false })).body;
    },

    async fetchSender(accountSid, sid) {
      const auth = await authFor(accountSid);
      return (await send<SenderWire>({ method: 'get', url: `${SENDERS}/${sid}`, auth })).body;
    },

    listSenders: (accountSid) => listAll<SenderWire>(accountSid, SENDERS, 'senders', { Channel: 'whatsapp', PageSize: 1000 }),

    async deleteSender(accountSid, sid) {
      const auth = await authFor(accountSid);
      await send({ method: 'delete', url: `${SENDERS}/${sid}`, auth });
    },

    async createSubaccount(friendlyName) {
      const { body } = await send<AccountWire>({
        method: 'post',
        url: `${API}/Accounts.json`,
        form: { FriendlyName: friendlyName },
        retryUncertain: false,
      });
      return body;
    },

    fetchAccount,

    listAlerts: (accountSid, since) =>
      listAll<AlertWire>(accountSid, MONITOR, 'alerts', { StartDate: since.toISOString().replace(/\.\d{3}Z$/, 'Z'), PageSize: 1000 }),
  };
}
