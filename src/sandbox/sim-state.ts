import { randomBytes, randomInt } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { AlertWire, DisplayNameUpdateStatus, IncomingPhoneNumberWire, SenderWire } from '../twilio/wire.js';
import { effectiveName, type NameVerdict, nameChangeFields, requestNameChange, type SimNameChange } from './sim-display-name.js';

export type Scenario =
  | 'already_registered' // create answers 63110
  | 'wrong_code' // every code is refused
  | 'code_never_accepted' // code taken, then the sender falls back to PENDING_VERIFICATION
  | 'stuck_offline' // verified, then OFFLINE for good, with offline_reasons
  | 'drops_after_online' // ONLINE, then OFFLINE with offline_reasons after `afterMs` (default 10 min)
  | 'twilio_review' // verified, then TWILIO_REVIEW until `afterMs` (default: for good), then on as usual
  | 'draft' // created as DRAFT, which never moves by itself
  | 'never_verified' // PENDING_VERIFICATION for good, and no code is ever sent
  | 'quality_falls_and_rises' // ONLINE; quality MEDIUM `afterMs` (default 10 min) later, LOW after twice that, HIGH after three times
  | 'limit_changes' // ONLINE; messaging limit 10K `afterMs` (default 10 min) later, then back to 1K after twice that
  // A display-name change is reviewed for `afterMs` (default 10 min), then by default APPROVED and COMPLETED a minute later; or:
  | 'name_declined' // DECLINED by Meta, with its reason in the error log (63124)
  | 'name_registration_failed'; // APPROVED, then REGISTRATION_FAILED a minute later (the same name re-submitted goes through)

export interface Delays {
  creatingMs: number;
  verifyingMs: number;
  offlineMs: number;
}

export const DEFAULT_DELAYS: Delays = { creatingMs: 2_000, verifyingMs: 5_000, offlineMs: 10_000 };

export type AccountStatus = 'active' | 'suspended' | 'closed';

export interface SimAccount {
  sid: string;
  friendlyName: string;
  authToken: string;
  owner: string;
  createdAt: number;
  /** Only an active account's own credentials are taken; its owner can still read it. */
  status: AccountStatus;
}

export interface SimSender {
  sid: string;
  accountSid: string;
  senderId: string;
  phoneNumber: string;
  body: Record<string, any>;
  timeline: { status: string; at: number }[];
  offlineReasons: { code: string; message: string; more_info: string }[] | null;
  /** Quality rating and messaging limit reported from `at` on, while ONLINE (HIGH and 1K before any). */
  properties?: { at: number; quality_rating?: string; messaging_limit?: string }[];
  /** The most recent display-name change. */
  nameChange?: SimNameChange;
}

export class SimError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const sid = (prefix: string) => prefix + randomBytes(16).toString('hex');

export const NAME_DECLINED_REASON = 'The display name was rejected by Meta. Reason: the name does not match the business website.';

const OFFLINE_REASONS: Record<string, string> = {
  '63124': 'The display name was rejected by Meta. Reason: the name does not match the business.',
  '63112': 'The WhatsApp Business Account or Meta business is disabled, or business verification is pending.',
  '63111': 'Meta cannot find the phone number or the WhatsApp Business Account.',
};

/** The in-memory world of the simulator: accounts, numbers, senders and the error log. */
export class SimState {
  readonly accounts = new Map<string, SimAccount>();
  readonly numbers: IncomingPhoneNumberWire[] = [];
  readonly senders = new Map<string, SimSender>();
  readonly alerts: AlertWire[] = [];
  readonly scenarios = new Map<string, { scenario: Scenario; offlineCode?: string; afterMs?: number }>();
  /** The last code Meta "sent" to each number: what the phone would show. Never logged. */
  readonly phoneInbox = new Map<string, string>();
  /** WABAs that Meta's Embedded Signup made and shared with Twilio; a create naming any other is refused. */
  readonly knownWabas = new Set<string>();
  /** Each account's connected WABA: the first successful create carrying a waba_id connects it. */
  readonly linkedWabas = new Map<string, string>();

  constructor(
    readonly mainAccountSid: string,
    mainAuthToken: string,
    readonly clock: Clock,
    public delays: Delays = DEFAULT_DELAYS,
  ) {
    this.accounts.set(mainAccountSid, {
      sid: mainAccountSid,
      friendlyName: 'Main account',
      authToken: mainAuthToken,
      owner: mainAccountSid,
      createdAt: clock.now(),
      status: 'active',
    });
  }

  /** The numbers registered as senders in a WABA, as Meta knows them (the Meta stand-in lists them). */
  numbersOfWaba(wabaId: string): { e164: string; verifiedName?: string }[] {
    return [...this.senders.values()]
      .filter((sender) => this.view(sender).configuration?.waba_id === wabaId)
      .map((sender) => ({ e164: sender.phoneNumber, verifiedName: sender.body.profile?.name }));
  }

  /** A WABA as Embedded Signup leaves it: made by Meta and shared with Twilio, not yet linked to an account. */
  addWaba(wabaId: string = String(100_000_000_000_000 + randomInt(0, 100_000_000_000_000))): string {
    this.knownWabas.add(wabaId);
    return wabaId;
  }

  /** An account whose WABA is already connected (its senders were made in the Console, say). */
  linkWaba(accountSid: string, wabaId: string = this.addWaba()): string {
    this.knownWabas.add(wabaId);
    this.linkedWabas.set(accountSid, wabaId);
    return wabaId;
  }

  /** The WABA a create joins, or Twilio's refusal: one WABA per account, a known and unclaimed one. */
  private wabaFor(accountSid: string, requested: unknown): string {
    const linked = this.linkedWabas.get(accountSid);
    if (requested === undefined || requested === null || requested === '') {
      if (linked) return linked;
      throw new SimError(
        400,
        63100,
        'Invalid request: this account has no WhatsApp Business Account (WABA) connected. The first sender of an account must carry configuration.waba_id, the WABA created by Embedded Signup',
      );
    }
    const wabaId = String(requested);
    if (linked && linked !== wabaId) {
      throw new SimError(400, 63102, `This account is already linked to WhatsApp Business Account ${linked}; a Twilio account can hold only one WABA`);
    }
    const claimedElsewhere = [...this.linkedWabas].some(([account, id]) => id === wabaId && account !== accountSid);
    if (!this.knownWabas.has(wabaId) || claimedElsewhere) throw new SimError(400, 63101, `WABA ID ${wabaId} provided is not valid or unable to be used`);
    return wabaId;
  }

  createSubaccount(friendlyName: string): SimAccount {
    const account: SimAccount = {
      sid: sid('AC'),
      friendlyName,
      authToken: randomBytes(16).toString('hex'),
      owner: this.mainAccountSid,
      createdAt: this.clock.now(),
      status: 'active',
    };
    this.accounts.set(account.sid, account);
    return account;
  }

  /** The account's owner issues a new auth token, as in the Console: the old one is refused from now on. */
  rotateToken(accountSid: string): string {
    const account = this.accountOrThrow(accountSid);
    account.authToken = randomBytes(16).toString('hex');
    return account.authToken;
  }

  setAccountStatus(accountSid: string, status: AccountStatus): void {
    this.accountOrThrow(accountSid).status = status;
  }

  private accountOrThrow(accountSid: string): SimAccount {
    const account = this.accounts.get(accountSid);
    if (!account) throw new Error(`no simulated account ${accountSid}`);
    return account;
  }

  addNumber(accountSid: string, phoneNumber: string, capabilities: { sms: boolean; voice: boolean }): IncomingPhoneNumberWire {
    const number: IncomingPhoneNumberWire = {
      sid: sid('PN'),
      account_sid: accountSid,
      phone_number: phoneNumber,
      friendly_name: phoneNumber,
      capabilities: { ...capabilities, mms: false, fax: false },
      voice_url: 'https://demo.twilio.com/welcome/voice/',
      voice_method: 'POST',
      voice_fallback_url: null,
      voice_fallback_method: 'POST',
      voice_application_sid: null,
      trunk_sid: null,
    };
    this.numbers.push(number);
    return number;
  }

  statusOf(sender: SimSender): string {
    const now = this.clock.now();
    let current = sender.timeline[0]?.status ?? 'CREATING';
    for (const step of sender.timeline) if (step.at <= now) current = step.status;
    return current;
  }

  private owned(accountSid: string, phoneNumber: string) {
    return this.numbers.find((n) => n.account_sid === accountSid && n.phone_number === phoneNumber);
  }

  private sendCode(phoneNumber: string) {
    this.phoneInbox.set(phoneNumber, String(randomInt(0, 1_000_000)).padStart(6, '0'));
  }

  /** An error-log entry; one dated in the future shows up in the log from then on. */
  private logAlert(accountSid: string, code: string, text: string, resourceSid: string | null, when = this.clock.now()) {
    const at = new Date(when).toISOString().replace(/\.\d{3}Z$/, 'Z');
    this.alerts.push({
      sid: sid('NO'),
      account_sid: accountSid,
      error_code: code,
      // Twilio's error log holds its text form-encoded, a number's + as %2B.
      alert_text: new URLSearchParams({ Msg: text }).toString(),
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      resource_sid: resourceSid,
      date_created: at,
      log_level: 'error',
    });
  }

  /** Create, or for a number already pending in this account, a resend of its code. */
  create(accountSid: string, body: Record<string, any>): SimSender {
    const senderId = String(body.sender_id);
    const phoneNumber = senderId.replace(/^whatsapp:/, '');
    if (!/^\+[1-9]\d{6,14}$/.test(phoneNumber)) throw new SimError(400, 63107, `The phone number ${phoneNumber} is not a valid E.164 number`);
    if (!body.profile?.name) throw new SimError(400, 63100, 'profile.name is required for WhatsApp senders');
    if (this.scenarios.get(phoneNumber)?.scenario === 'already_registered') {
      this.logAlert(accountSid, '63110', `The phone number ${phoneNumber} is already registered with WhatsApp`, null);
      throw new SimError(400, 63110, `The phone number ${phoneNumber} is already registered with WhatsApp`);
    }
    const now = this.clock.now();
    const existing = [...this.senders.values()].find((s) => s.accountSid === accountSid && s.phoneNumber === phoneNumber);
    if (existing && ['ONLINE', 'ONLINE:UPDATING', 'OFFLINE', 'VERIFYING'].includes(this.statusOf(existing))) {
      throw new SimError(400, 63100, `A sender for ${senderId} already exists (${existing.sid})`);
    }
    const wabaId = this.wabaFor(accountSid, body.configuration?.waba_id);
    const number = this.owned(accountSid, phoneNumber);
    const selfVerifying = Boolean(number?.capabilities?.sms);
    const sender: SimSender = existing ?? {
      sid: sid('XE'),
      accountSid,
      senderId,
      phoneNumber,
      body: {},
      timeline: [],
      offlineReasons: null,
    };
    sender.body = body;
    const { creatingMs } = this.delays;
    sender.timeline = [{ status: 'CREATING', at: now }];
    const scenario = this.scenarios.get(phoneNumber)?.scenario;
    if (scenario === 'draft') {
      sender.timeline.push({ status: 'DRAFT', at: now + creatingMs });
    } else if (scenario === 'never_verified') {
      sender.timeline.push({ status: 'PENDING_VERIFICATION', at: now + creatingMs });
    } else if (selfVerifying) {
      this.scheduleVerified(sender, now + creatingMs);
    } else {
      sender.timeline.push({ status: 'PENDING_VERIFICATION', at: now + creatingMs });
      this.sendCode(phoneNumber);
    }
    this.senders.set(sender.sid, sender);
    this.linkedWabas.set(accountSid, wabaId);
    return sender;
  }

  private scheduleVerified(sender: SimSender, from: number) {
    const { verifyingMs, offlineMs } = this.delays;
    const scenario = this.scenarios.get(sender.phoneNumber);
    if (scenario?.scenario === 'twilio_review') {
      sender.timeline.push({ status: 'TWILIO_REVIEW', at: from });
      if (scenario.afterMs === undefined) return;
      from += scenario.afterMs;
    }
    sender.timeline.push({ status: 'VERIFYING', at: from });
    if (scenario?.scenario === 'code_never_accepted') {
      sender.timeline.push({ status: 'PENDING_VERIFICATION', at: from + verifyingMs });
      return;
    }
    sender.timeline.push({ status: 'OFFLINE', at: from + verifyingMs });
    if (scenario?.scenario === 'stuck_offline') {
      this.takeOffline(sender, scenario.offlineCode ?? '63124', this.clock.now());
      return;
    }
    const online = from + verifyingMs + offlineMs;
    sender.timeline.push({ status: 'ONLINE', at: online });
    const step = scenario?.afterMs ?? 10 * 60_000;
    if (scenario?.scenario === 'quality_falls_and_rises') {
      sender.properties = [
        { at: online + step, quality_rating: 'MEDIUM' },
        { at: online + 2 * step, quality_rating: 'LOW' },
        { at: online + 3 * step, quality_rating: 'HIGH' },
      ];
    }
    if (scenario?.scenario === 'limit_changes') {
      sender.properties = [
        { at: online + step, messaging_limit: '10K Customers/24hr' },
        { at: online + 2 * step, messaging_limit: '1K Customers/24hr' },
      ];
    }
    if (scenario?.scenario === 'drops_after_online') {
      const at = online + (scenario.afterMs ?? 10 * 60_000);
      sender.timeline.push({ status: 'OFFLINE', at });
      this.takeOffline(sender, scenario.offlineCode ?? '63112', at);
    }
  }

  /** Meta takes the sender offline from `at` (now by default): offline reasons, and an error-log entry then. */
  takeOffline(sender: SimSender, code: string, at: number): void {
    const message = OFFLINE_REASONS[code] ?? `Error ${code}`;
    sender.offlineReasons = [{ code, message, more_info: `https://www.twilio.com/docs/errors/${code}` }];
    this.logAlert(sender.accountSid, code, `${message} Sender ${sender.senderId}`, sender.sid, at);
  }

  /** A sender that is ONLINE drops to `status` now (OFFLINE by default), as Meta does when it disables a number. */
  drop(phoneNumber: string, code = '63112', status = 'OFFLINE'): SimSender {
    const sender = this.senderFor(phoneNumber);
    const now = this.clock.now();
    sender.timeline.push({ status, at: now });
    this.takeOffline(sender, code, now);
    return sender;
  }

  /** The sender comes back to `status` (ONLINE by default) now. */
  moveTo(phoneNumber: string, status = 'ONLINE'): SimSender {
    const sender = this.senderFor(phoneNumber);
    sender.timeline.push({ status, at: this.clock.now() });
    return sender;
  }

  /** Meta changes the sender's quality rating or messaging limit now. */
  setProperties(phoneNumber: string, change: { quality_rating?: string; messaging_limit?: string }): void {
    const sender = this.senderFor(phoneNumber);
    sender.properties = [...(sender.properties ?? []), { at: this.clock.now(), ...change }];
  }

  private propertiesOf(sender: SimSender): { quality_rating: string; messaging_limit: string } {
    const now = this.clock.now();
    const current = { quality_rating: 'HIGH', messaging_limit: '1K Customers/24hr' };
    for (const change of sender.properties ?? []) {
      if (change.at > now) continue;
      if (change.quality_rating) current.quality_rating = change.quality_rating;
      if (change.messaging_limit) current.messaging_limit = change.messaging_limit;
    }
    return current;
  }

  private senderFor(phoneNumber: string): SimSender {
    const sender = [...this.senders.values()].find((s) => s.phoneNumber === phoneNumber);
    if (!sender) throw new Error(`no simulated sender for ${phoneNumber}`);
    return sender;
  }

  update(sender: SimSender, body: Record<string, any>): SimSender {
    const code = body.configuration?.verification_code;
    if (code !== undefined && code !== null) {
      const status = this.statusOf(sender);
      if (status !== 'PENDING_VERIFICATION') {
        throw new SimError(400, 63100, `The sender is ${status}; a verification code is only taken while it is PENDING_VERIFICATION`);
      }
      const scenario = this.scenarios.get(sender.phoneNumber)?.scenario;
      if (scenario === 'wrong_code' || code !== this.phoneInbox.get(sender.phoneNumber)) {
        throw new SimError(400, 63100, 'The verification code is not valid');
      }
      this.phoneInbox.delete(sender.phoneNumber);
      this.scheduleVerified(sender, this.clock.now());
    }
    for (const part of ['profile', 'webhook'] as const) {
      // The name in effect changes only once Meta's review completes (see changeDisplayName).
      const { name: _name, ...given } = body[part] ?? {};
      if (body[part]) sender.body[part] = { ...(sender.body[part] ?? {}), ...(part === 'profile' ? given : body[part]) };
    }
    return sender;
  }

  /** An update's profile.name: starts Meta's review; returns the answer's display_name_status. */
  changeDisplayName(sender: SimSender, body: Record<string, any>): DisplayNameUpdateStatus | undefined {
    if (typeof body.profile?.name !== 'string') return undefined;
    const now = this.clock.now();
    const scenario = this.scenarios.get(sender.phoneNumber);
    const verdicts: Partial<Record<Scenario, NameVerdict>> = { name_declined: 'declined', name_registration_failed: 'registration_failed' };
    const first = !sender.nameChange || sender.nameChange.name !== body.profile.name;
    const verdict = first ? (verdicts[scenario?.scenario as Scenario] ?? 'approved') : 'approved';
    const inEffect = effectiveName(sender.nameChange, sender.body.profile?.name, now);
    const { change, answer } = requestNameChange(sender.nameChange, inEffect, body, verdict, scenario?.afterMs ?? 10 * 60_000, now);
    if (change !== sender.nameChange) {
      sender.body.profile = { ...(sender.body.profile ?? {}), name: inEffect };
      sender.nameChange = change;
      const declined = change?.steps.find((s) => s.status === 'DECLINED');
      if (declined) this.logAlert(sender.accountSid, '63124', `${NAME_DECLINED_REASON} Sender ${sender.senderId}`, sender.sid, declined.at);
    }
    return answer;
  }

  view(sender: SimSender): SenderWire {
    const status = this.statusOf(sender);
    const online = status === 'ONLINE';
    const profile = sender.body.profile ?? {};
    return {
      sid: sender.sid,
      status,
      sender_id: sender.senderId,
      configuration: {
        waba_id: sender.body.configuration?.waba_id ?? this.linkedWabas.get(sender.accountSid) ?? null,
        verification_method: sender.body.configuration?.verification_method ?? 'sms',
        verification_code: null,
        voice_application_sid: null,
      },
      webhook: {
        callback_url: sender.body.webhook?.callback_url ?? null,
        callback_method: sender.body.webhook?.callback_method ?? null,
        fallback_url: sender.body.webhook?.fallback_url ?? null,
        fallback_method: sender.body.webhook?.fallback_method ?? null,
        status_callback_url: sender.body.webhook?.status_callback_url ?? null,
        status_callback_method: sender.body.webhook?.status_callback_method ?? null,
      },
      profile: {
        name: effectiveName(sender.nameChange, profile.name, this.clock.now()) ?? null,
        about: profile.about ?? null,
        address: profile.address ?? null,
        description: profile.description ?? null,
        logo_url: profile.logo_url ?? null,
        vertical: profile.vertical ?? null,
        websites: profile.websites ?? null,
        emails: profile.emails ?? null,
      },
      properties: online ? this.propertiesOf(sender) : { quality_rating: null, messaging_limit: null },
      offline_reasons: status === 'OFFLINE' ? sender.offlineReasons : null,
      url: `https://messaging.twilio.com/v2/Channels/Senders/${sender.sid}`,
      ...nameChangeFields(sender.nameChange, this.clock.now()),
    };
  }
}
