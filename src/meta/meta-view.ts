import type { MetaHealth } from '../store/schema.js';

/** A number of a WABA as Meta's Graph API lists it (GET /{waba_id}/phone_numbers), in the bot's words. */
export interface GraphNumber {
  id: string;
  /** Meta's `display_phone_number` in E.164 (+ and digits), to join with senders. */
  e164: string;
  verifiedName?: string;
  status?: string;
  nameStatus?: string;
  newNameStatus?: string;
  codeVerificationStatus?: string;
  quality?: string;
  /** `whatsapp_business_manager_messaging_limit` (the portfolio's) or else `messaging_limit_tier`. */
  limit?: string;
  official?: boolean;
  health?: MetaHealth;
}

/** A WABA as Meta shows it (GET /{waba_id}?fields=health_status,account_review_status,...). */
export interface GraphWaba {
  health?: MetaHealth;
  accountReviewStatus?: string;
  businessVerification?: string;
  businessId?: string;
}

/**
 * What the bot asks Meta with the ISV's system user token (META_SYSTEM_USER_TOKEN): access to a
 * customer's WABA, and Meta's view of it. Every call has a timeout and backs off on Graph's usage
 * headers; failures are MetaError (transient when trying again may work).
 */
export interface MetaViewApi {
  /** POST /{waba_id}/assigned_users?user={META_SYSTEM_USER_ID}&tasks=['MANAGE']. */
  assignSystemUser(wabaId: string): Promise<void>;
  /** POST /{waba_id}/subscribed_apps, without override_callback_uri and without `messages`. */
  subscribeApp(wabaId: string): Promise<void>;
  /** Every number of the WABA, all pages. */
  numbers(wabaId: string): Promise<GraphNumber[]>;
  waba(wabaId: string): Promise<GraphWaba>;
  /** When Meta may be asked again (ms since the epoch) while calls are paused near its rate limit; undefined when calls go ahead. */
  pausedUntil?(): number | undefined;
}

/** One change Meta pushed (a webhook's entry and change), in the bot's words. */
export interface MetaEvent {
  /** The same for the same event delivered twice: a hash of the WABA, the field, the time and the value. */
  key: string;
  wabaId: string;
  field: 'account_update' | 'phone_number_quality_update' | 'phone_number_name_update' | 'business_capability_update' | 'account_alerts' | (string & {});
  /** The entry's time (ms since the epoch). */
  at: number;
  /** The numbers the change names (E.164); empty when it concerns the whole WABA or business. */
  numbers: string[];
  /** For phone_number_name_update: Meta's decision on a display name, with its reason. */
  nameDecision?: { e164: string; decision: string; name?: string; reason?: string };
}
