import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { MetaViewApi } from '../meta/meta-view.js';
import type { SecretRegistry } from '../secrets.js';
import type { DomainStore } from '../store/repositories.js';
import type { TwilioGateway } from '../twilio/gateway.js';
import type { Claims } from './claims.js';
import type { CredentialCheck } from './numbers/credentials.js';
import type { VoiceCallSettings } from './numbers/voice-call-token.js';
import type { LogoVerdict } from './profile/logo-check.js';

export interface SendersSettings {
  resendMinMinutes: number;
  maxResends: number;
  /** At most one sender-creating request (registration or resend) per account this often. */
  sendersMinIntervalMs: number;
  /** Bulk runs send one row per display name until Meta has accepted the name. */
  bulkNameFirst: boolean;
  /**
   * How long after a create went out Twilio may still make it happen: past this, a sender still
   * absent from the account's list was never created, and sending again cannot make a second one.
   */
  createSettleMs: number;
  /** The slash command, as people type it: messages name it. */
  command: string;
}

/** Everything the domain needs, passed in so tests can swap the clock or the gateway. */
export interface SendersContext {
  /** Reads; every write goes through commit (src/senders/commit.ts). */
  store: DomainStore;
  twilio: TwilioGateway;
  clock: Clock;
  logger: Logger;
  settings: SendersSettings;
  newId: () => string;
  /** Every secret and one-time code the bot holds, to keep them out of whatever it stores, posts or logs. */
  secrets: SecretRegistry;
  /** What this process is working on right now (see claims.ts); work that must happen once across replicas holds the store's claims. */
  inProcess: Claims;
  /** What the bot's Twilio credentials can do (checked at start): subaccount commands ask it first. */
  credentials?: CredentialCheck;
  /**
   * When this process started (clock time). Set where replicas share the store: a create
   * another replica sent since then is left to it while its request may be in flight.
   */
  startedAt?: number;
  /** Set with PUBLIC_URL: a voice-only Twilio number's calls come to the bot, which takes Meta's code itself (else the Voicemail Twimlet). */
  voiceCalls?: VoiceCallSettings;
  /** Set with META_SYSTEM_USER_TOKEN and META_SYSTEM_USER_ID: Meta's own view of every customer's WABA. */
  meta?: MetaViewApi;
  /** The logo URL check (senders/profile/logo-check.ts); tests that have no internet swap it. */
  checkLogo?: (url: string) => Promise<LogoVerdict>;
}
