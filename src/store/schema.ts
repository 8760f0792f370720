export const SCHEMA_VERSION = 9;

/** `watched`: registered elsewhere (Console, API) and only watched by the bot. */
export type VerificationPath = 'twilio_sms' | 'twilio_voice' | 'external_sms' | 'external_voice' | 'watched';
export type VerificationMethod = 'sms' | 'voice';

/** Where the bot is in a registration; Twilio's own status is kept beside it. */
export type RegistrationState =
  | 'queued' // waiting for its turn: Twilio asks for minutes between creates in one account
  | 'creating' // create request sent or about to be; no answer stored yet
  | 'awaiting_code' // Meta sent a code; a person must type it
  | 'verifying' // code accepted by Twilio, or Twilio verifies by itself
  | 'online'
  | 'failed'
  | 'abandoned';

/** A registration that failed or was abandoned is out of play: the number may be registered again. */
export const isFinished = (record: { state: RegistrationState }): boolean => record.state === 'failed' || record.state === 'abandoned';

export interface Customer {
  id: string;
  name: string;
  accountSid: string;
  createdBySlackUser: string;
  createdAt: string;
  createdSubaccount: boolean;
  /** The customer's WhatsApp Business Account, made by Meta's Embedded Signup; every create for the customer carries it. */
  wabaId?: string;
  /** Meta's own view of the customer's WABA and business, and its open incidents (set with META_SYSTEM_USER_TOKEN). */
  meta?: MetaWabaView;
  /** Kept by the store (see repositories.ts): set once stored, raised by each save. */
  version?: number;
}

/** Who Meta holds responsible for a limit on sending: Meta's `entity_type` of a health error. */
export type MetaEntity = 'PHONE_NUMBER' | 'WABA' | 'BUSINESS' | 'APP' | (string & {});

/** One reason Meta gives in `health_status.entities[].errors`. */
export interface MetaHealthError {
  entity: MetaEntity;
  /** Meta's `error_code` (e.g. 141006: no valid payment method). */
  code?: number;
  description: string;
  /** Meta's `possible_solution`, as Meta words it. */
  solution?: string;
}

/** Meta's `health_status`: whether messages can be sent, and each entity's errors. */
export interface MetaHealth {
  canSend: 'AVAILABLE' | 'LIMITED' | 'BLOCKED' | (string & {});
  errors: MetaHealthError[];
}

/** A number as Meta's Graph API showed it (GET /{waba_id}/phone_numbers), with a verdict pushed by Meta's webhook. */
export interface MetaNumberView {
  /** Meta's phone number ID. */
  id: string;
  checkedAt: string;
  /** CONNECTED, DISCONNECTED, FLAGGED, RESTRICTED, PENDING, ... */
  status?: string;
  verifiedName?: string;
  /** APPROVED, DECLINED, PENDING_REVIEW, EXPIRED, ... of the name in use, and of a new one asked. */
  nameStatus?: string;
  newNameStatus?: string;
  /** Meta's reason for its latest name decision (only its webhook tells it), with the decision and its time. */
  nameDecision?: { decision: string; name?: string; reason?: string; at: string };
  codeVerificationStatus?: string;
  /** GREEN, YELLOW, RED, UNKNOWN. */
  quality?: string;
  /** The messaging limit Meta applies (since October 2025 the business portfolio's, shared by its numbers). */
  limit?: string;
  official?: boolean;
  health?: MetaHealth;
}

/** Meta's view of a customer's WABA, business and portfolio limit, with the incidents it opened. */
export interface MetaWabaView {
  /** When the ISV's system user was given the WABA and the app subscribed to its webhooks. */
  accessAt?: string;
  /** Why the last attempt to reach the WABA failed (scrubbed), until one succeeds. */
  accessProblem?: string;
  checkedAt?: string;
  /** When the WABA is next read by the poll (ONLINE_RECHECK_MINUTES after the last read). */
  nextCheckAt?: string;
  health?: MetaHealth;
  /** Meta's `account_review_status` of the WABA: APPROVED, PENDING, REJECTED. */
  accountReviewStatus?: string;
  /** The business's verification status: verified, unverified, pending, rejected, ... */
  businessVerification?: string;
  businessId?: string;
  /** The portfolio's messaging limit, and when it was last told in Slack. */
  limit?: string;
  /** Incidents Meta's view opened, one per cause: the open ones and the latest ended ones. */
  incidents?: MetaIncident[];
}

/**
 * One alert per cause Meta reports: a restricted WABA or business, a number Meta blocks while
 * Twilio says ONLINE, a declined first display name. The numbers it concerns share it.
 */
export interface MetaIncident {
  /** This incident's own key (its cause and when it opened): a cause that ends and comes back is a new incident. */
  id: string;
  /** The cause's key: `WABA:141006`, `BUSINESS:review`, `PHONE_NUMBER:+15551234567:131031`, `NAME:+15551234567`. */
  cause: string;
  entity: MetaEntity | 'NAME';
  code?: number;
  /** Meta's own words of it, and its possible solution. */
  description: string;
  solution?: string;
  /** The E.164 numbers it concerns, as last seen. */
  numbers: string[];
  postedAt: string;
  channel?: string;
  ts?: string;
  remindedAt?: string;
  snoozedUntil?: string;
  takenBy?: string;
  takenAt?: string;
  recoveredAt?: string;
}

/**
 * An Embedded Signup link given out for a customer. The link is used once the bot accepts a
 * FINISH (`finishedAt`); CANCEL and ERROR leave it open until `expiresAt`.
 */
export interface Onboarding {
  id: string;
  customerId: string;
  channel: string;
  requestedBy: string;
  createdAt: string;
  expiresAt: string;
  /** The message that gave out the link; its thread gets the progress. */
  linkTs?: string;
  /** When the page was first opened: a signup started before expiry may finish up to 60 minutes after this. */
  openedAt?: string;
  /** A newer link for the same customer was given out, which ends this one. */
  replacedAt?: string;
  /** Unsuccessful results posted in the thread, and the latest: a link cannot flood its channel. */
  notices?: number;
  lastNoticeAt?: string;
  finishedAt?: string;
  wabaId?: string;
  phoneNumber?: string;
  senderId?: string;
}

/** A subaccount asked of Twilio for a new customer, stored before the request goes out. */
export interface PendingSubaccount {
  name: string;
  requestedBy: string;
  since: string;
}

/** A number purchase stored before it goes out: after a lost answer or a crash, the number is looked up in the account before any second purchase. */
export interface PendingPurchase {
  phoneNumber: string;
  accountSid: string;
  requestedBy: string;
  since: string;
}

export interface VoiceConfig {
  voice_url: string | null;
  voice_method: string | null;
  voice_fallback_url: string | null;
  voice_fallback_method: string | null;
  voice_application_sid: string | null;
  trunk_sid: string | null;
}

export interface VoiceForward {
  phoneNumberSid: string;
  /** Where the Voicemail Twimlet emails the code; unset when the bot takes the call itself (`call`). */
  email?: string;
  previous: VoiceConfig;
  /** The bot answers Meta's call itself (PUBLIC_URL set): the token's nonce, spent once Twilio accepts a code taken from a call. */
  call?: VoiceCall;
  /** When calls were last pointed at the voicemail (records from before this field: their creation). */
  forwardedAt?: string;
  restoredAt?: string;
}

export interface VoiceCall {
  nonce: string;
  /** When Twilio accepted a code taken from a call: the token works no more. */
  spentAt?: string;
  /** What the last call taken gave: a code submitted (never stored itself), or nothing the bot could be sure of. */
  heard?: 'code' | 'unsure';
  /** The calls answered under this token (anyone can call the number; a few are answered, then Resend code gives a new token). */
  calls?: AnsweredCall[];
  /** Recordings Twilio made of the calls: posted to the thread for a person, deleted from Twilio once no code is wanted. */
  recordings?: { sid: string; callSid?: string; deletedAt?: string }[];
}

export interface AnsweredCall {
  /** Twilio's CallSid. */
  sid: string;
  /** What the call gave, once taken: a replay of its result changes nothing. */
  result?: 'code' | 'unsure';
}

export interface StatusChange {
  status: string;
  at: string;
}

export interface SenderProfileInput {
  name: string;
  about?: string;
  description?: string;
  address?: string;
  /** Each as typed: `address`, or `Label: address` (see senders/profile/labels.ts). */
  emails?: string[];
  vertical?: string;
  logo_url?: string;
  /** Each as typed: `https://…`, or `Label: https://…` (see senders/profile/labels.ts). */
  websites?: string[];
}

export interface SenderWebhookInput {
  callback_url?: string;
  callback_method?: 'POST' | 'PUT';
  fallback_url?: string;
  fallback_method?: 'POST' | 'PUT';
  status_callback_url?: string;
  status_callback_method?: string;
}

export interface SenderRecord {
  id: string;
  sid?: string;
  accountSid: string;
  customerId?: string;
  phoneNumber: string;
  path: VerificationPath;
  state: RegistrationState;
  status?: string;
  statusHistory: StatusChange[];
  profile: SenderProfileInput;
  webhook: SenderWebhookInput;
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  /** Its message; `threadTs` when that message is a reply in a bulk run's thread. */
  slack?: { channel: string; ts?: string; threadTs?: string };
  otp: { codeAttempts: number; resends: number; lastCreateAt?: string };
  /**
   * A create request stored as sent before it goes out; cleared once its outcome is known.
   * `uncertainSince`: Twilio's answer was lost or a 5xx, so the bot checks with Twilio
   * (`checkedAt`) whether the sender exists instead of guessing.
   */
  pendingCreate?: { since: string; uncertainSince?: string; checkedAt?: string };
  voiceForward?: VoiceForward;
  lastError?: { code?: number; message: string };
  qualityRating?: string | null;
  messagingLimit?: string | null;
  offlineReasons?: { code?: string | null; message?: string | null; more_info?: string | null }[];
  watch?: WatchState;
  /** When it joined the create queue (state `queued`); the queue is served in this order. */
  queuedAt?: string;
  /** Kept for queued records, whose path is settled when their turn comes. */
  requestedMethod?: VerificationMethod;
  voiceEmail?: string;
  wabaId?: string;
  /** Set for rows of a bulk run. */
  bulk?: { runId: string; line: number };
  /** A failed registration someone set aside: no longer listed as needing a person. */
  dismissed?: { by: string; at: string };
  /** The latest display-name change, asked through the bot or reported by Twilio. */
  nameChange?: NameChange;
  /** What Meta itself says of the number (Graph API), beside Twilio's status; set once the bot can ask Meta. */
  meta?: MetaNumberView;
  /** Kept by the store (see repositories.ts): set once stored, raised by each save. */
  version?: number;
}

export interface NameChange {
  name: string;
  /** Twilio's pending_display_name_status and its date, as last seen. */
  status?: string;
  statusDate?: string;
  requestedBy?: string;
  requestedAt?: string;
  /** The verdict (`status|statusDate`) last posted, so each one is told once, across restarts too. */
  toldVerdict?: string;
}

export interface BulkRowProblem {
  line: number;
  problem: string;
  /** The number as written in the file. */
  number?: string;
}

/** One row of a bulk update run, with its own state: stored before its request goes out. */
export interface UpdateRow {
  line: number;
  /** The bot's record of the sender, its Twilio SID and account. */
  senderId: string;
  sid: string;
  accountSid: string;
  phoneNumber: string;
  /** The customer's name as shown in the preview (the main account's label for senders without one). */
  customer: string;
  /** What the file asks for, per field: a value, a list, or null to clear it. */
  wanted: Record<string, string | string[] | null>;
  /** The fields that differ from what the bot last knew, for the preview's counts. */
  changedFields: string[];
  state: 'queued' | 'sending' | 'updated' | 'unchanged' | 'failed' | 'cancelled';
  /** The exact request body, stored before it is sent; after an uncertain answer the same body is sent again, never a new one. */
  body?: { profile?: Record<string, unknown>; webhook?: Record<string, unknown> };
  sentAt?: string;
  attempts?: number;
  error?: string;
  finishedAt?: string;
}

export interface BulkRun {
  id: string;
  /** `update`: a bulk update of existing senders (`updates` holds its rows); unset: a bulk registration. */
  kind?: 'update';
  updates?: UpdateRow[];
  createdBy: string;
  createdAt: string;
  channel: string;
  /** `previewing` until the user confirms; `done` once nothing is left to send. */
  state: 'previewing' | 'running' | 'paused' | 'cancelled' | 'done';
  nameFirst: boolean;
  totalRows: number;
  /** Rows refused at the check, never sent. */
  refused: BulkRowProblem[];
  /** Display-name warnings on accepted rows, shown in the preview. */
  warnings: BulkRowProblem[];
  /** The checked rows between the preview and the confirmation (senders/bulk.ts owns the shape). */
  preview?: unknown[];
  /** Ids of the sender records of the accepted rows, in file order. */
  recordIds: string[];
  progressTs?: string;
  finishedAt?: string;
  resultsQueuedAt?: string;
  /** Kept by the store (see repositories.ts): set once stored, raised by each save. */
  version?: number;
}

/** What the status watcher knows of one sender between polls. */
export interface WatchState {
  nextCheckAt: string;
  unchangedChecks: number;
  lastCheckedAt?: string;
  /** Set by `unwatch`: no more polls or alerts. */
  unwatchedAt?: string;
  snoozedUntil?: string;
  /** The latest incident's alert (stuck, or dropped from ONLINE); `recoveredAt` once it is over. */
  stuckAlert?: IncidentAlert;
  /** The latest quality-fall alert, edited once the rating is back. */
  qualityAlert?: NoticeAlert;
  /** The latest declined-display-name alert, edited once Meta approves a name. */
  nameAlert?: NoticeAlert;
  /** When the current status becomes a stuck alert, if it stays; shown beside the status. */
  alertAfter?: string;
  /** The time of the create whose code the reminder was about, so one reminder per code. */
  codeReminderFor?: string;
}

/** One alert per incident: its message, its reminders, who took it, and when it ended. */
export interface IncidentAlert {
  postedAt: string;
  channel?: string;
  ts?: string;
  remindedAt?: string;
  recoveredAt?: string;
  /** `drop`: the sender left ONLINE, and recovers when it is ONLINE again. Unset: stuck in `status`. */
  kind?: 'drop';
  /** The status it is stuck in (alerts stored before this field were all OFFLINE). */
  status?: string;
  /** For a drop: since when the sender was ONLINE, and the last check that still saw it ONLINE. */
  onlineSince?: string;
  lastSeenOnline?: string;
  /** Who pressed "I’m on it", and when: reminders then go to that person, not the channel. */
  takenBy?: string;
  takenAt?: string;
}

/** An alert that is not an incident (a fall of quality, a declined display name), kept so its end can edit it. */
export interface NoticeAlert {
  postedAt: string;
  channel?: string;
  ts?: string;
  /** Quality: the rating before the fall, which ends it once reached again. Name: the declined name. */
  about: string;
  resolvedAt?: string;
  /** The posts of earlier alerts of the same row (a second fall, a second declined name), edited with this one when it ends. */
  earlier?: { channel: string; ts: string }[];
}

export interface OutboxItem {
  id: string;
  createdAt: string;
  attempts: number;
  notBefore?: string;
  lastError?: string;
  /** Set, and stored, just before a post goes to Slack: after a crash, Slack is asked first. */
  sendingAt?: string;
  senderId?: string;
  runId?: string;
  onboardingId?: string;
  kind:
    | 'onboarding_post'
    | 'post'
    | 'refresh_sender_message'
    | 'mark_recovered'
    | 'update_alert'
    | 'resolve_notice'
    | 'post_sender_message'
    | 'refresh_bulk_progress'
    | 'upload_results'
    | 'upload_recording'
    | 'meta_alert'
    | 'meta_alert_update';
  /** For posts: a channel, or the thread of the sender's registration message or stuck alert. */
  channel?: string;
  threadOf?: 'registration' | 'stuck_alert' | 'onboarding' | 'meta_incident';
  broadcast?: boolean;
  text?: string;
  blocks?: unknown[];
  /** Remember the posted message as the sender's stuck alert, so it can be updated later. */
  rememberAs?: 'stuck_alert' | 'quality_alert' | 'name_alert' | 'onboarding_link';
  /** For Meta's incidents (`meta_alert`, `meta_alert_update`, and posts in their thread): the customer and the incident (MetaIncident.id). */
  customerId?: string;
  metaIncidentId?: string;
  /** For `resolve_notice`: which of the sender's notice alerts ended. */
  noticeOf?: 'quality' | 'name';
  /** A line shown once on the registration message (a number adjusted for WhatsApp, what a button did). */
  note?: string;
  /** The results file uploaded to Slack, stored before the upload is completed so it is never shared twice. */
  fileId?: string;
  /** For a recording of Meta's call: its SID in Twilio (uploaded to the sender's thread). */
  recordingSid?: string;
  /** For onboarding posts: what to tell, as data; the outbox words it when it posts it. */
  notice?: OnboardingNotice;
}

/** A message of an onboarding's thread (or its link message) as data. Times are ms; `at` is when it was decided. */
export type OnboardingNotice =
  | { kind: 'link'; customerName: string; wabaId?: string; url: string; expiresAt: number; at: number; user: string }
  | { kind: 'finished'; customerName: string; wabaId: string; phoneNumber: string }
  | { kind: 'cancelled'; step?: string; expiresAt: number; at: number }
  | { kind: 'error'; errorId?: string; expiresAt: number; at: number }
  | { kind: 'incomplete'; event?: string; expiresAt: number; at: number }
  /** Meta does not confirm access to the WABA, or (with `phoneNumberId`) that the number is that WABA's. */
  | { kind: 'unconfirmed'; wabaId: string; phoneNumberId?: string }
  /** `clash`: why the WABA cannot be the customer's, as the domain says it. */
  | { kind: 'waba_taken'; clash: string }
  | { kind: 'late'; wabaId?: string; phoneNumberId?: string; command: string; customerName: string }
  /** `why`: why no sender is registered, as the domain says it. */
  | { kind: 'waba_only'; customerName: string; wabaId: string; why: string }
  | { kind: 'other_waba'; customerName: string; known: string; chosen: string }
  | { kind: 'meta_failed'; reason: string; expiresAt: number; at: number }
  | { kind: 'not_saved'; reason: string }
  | { kind: 'duplicate'; phoneNumber: string }
  /** The signup is done, but the bot's Meta system user could not be given the new WABA; `problem`: why, and what to do. */
  | { kind: 'meta_access_failed'; customerName: string; wabaId: string; problem: string };

export interface PollerState {
  lastPollAt?: string;
  lastPollMs?: number;
  lastPollChecked?: number;
  lastPollFailures?: number;
}

export interface AuditEntry {
  at: string;
  user: string;
  action: string;
  target?: string;
  detail?: string;
}

/** A verification code asked of Meta for a number (src/store/rules/code-requests.ts counts them per number). */
export interface CodeRequest {
  /** E.164. */
  phoneNumber: string;
  at: string;
  /** The registration that asked. */
  senderId: string;
  kind: 'create' | 'resend' | 'voice';
}

/** A webhook event of Meta's seen once (MetaEvent.key), kept so a second delivery is known. */
export interface MetaEventSeen {
  key: string;
  wabaId: string;
  /** When it was first seen (ISO). */
  at: string;
}

export interface Data {
  schemaVersion: number;
  customers: Customer[];
  senders: SenderRecord[];
  audit: AuditEntry[];
  /** Slack messages decided but not yet delivered, in order. */
  outbox: OutboxItem[];
  /** Messages Slack refused for good, kept so none is silently lost. */
  undelivered: OutboxItem[];
  poller: PollerState;
  bulkRuns: BulkRun[];
  /** The time of the last sender-creating request per account, to keep Twilio's pace. */
  accountPace: Record<string, string>;
  /** The WABA each account is linked to, as far as the bot has seen. */
  accountWabas: Record<string, string>;
  /** Channels bound to one customer: channel ID to customer id. */
  channelBindings: Record<string, string>;
  /** Subaccounts being created for new customers; after a crash they are looked up by name, never created twice. */
  pendingSubaccounts: PendingSubaccount[];
  /** Embedded Signup links given out. */
  onboardings: Onboarding[];
  /** Number purchases whose outcome is not known yet. */
  pendingPurchases: PendingPurchase[];
  /** Code requests per number in Meta's window, across registrations. */
  codeRequests: CodeRequest[];
  /** Meta's webhook events already handled, by key, for a week (Meta delivers some twice). */
  metaEvents: MetaEventSeen[];
}

export const emptyData = (): Data => ({
  schemaVersion: SCHEMA_VERSION,
  customers: [],
  senders: [],
  audit: [],
  outbox: [],
  undelivered: [],
  poller: {},
  bulkRuns: [],
  accountPace: {},
  accountWabas: {},
  channelBindings: {},
  pendingSubaccounts: [],
  onboardings: [],
  pendingPurchases: [],
  codeRequests: [],
  metaEvents: [],
});
