/** Shapes on the wire, named as Twilio's OpenAPI description names them (snake_case). */

export interface SenderProfileWire {
  name?: string | null;
  about?: string | null;
  address?: string | null;
  description?: string | null;
  logo_url?: string | null;
  vertical?: string | null;
  websites?: { website: string; label?: string }[] | null;
  emails?: { email: string; label?: string }[] | null;
}

export interface SenderConfigurationWire {
  waba_id?: string | null;
  verification_method?: 'sms' | 'voice' | null;
  verification_code?: string | null;
  voice_application_sid?: string | null;
}

export interface SenderWebhookWire {
  callback_url?: string | null;
  callback_method?: 'POST' | 'PUT' | null;
  fallback_url?: string | null;
  fallback_method?: 'POST' | 'PUT' | null;
  status_callback_url?: string | null;
  status_callback_method?: string | null;
}

export interface CreateSenderBody {
  sender_id: string;
  configuration?: SenderConfigurationWire;
  webhook?: SenderWebhookWire;
  profile?: SenderProfileWire;
}

export interface UpdateSenderBody {
  configuration?: SenderConfigurationWire;
  webhook?: SenderWebhookWire;
  profile?: SenderProfileWire;
}

export interface OfflineReasonWire {
  code?: string | null;
  message?: string | null;
  more_info?: string | null;
}

export interface SenderWire {
  sid: string | null;
  status: string;
  sender_id: string | null;
  configuration?: SenderConfigurationWire | null;
  webhook?: SenderWebhookWire | null;
  profile?: SenderProfileWire | null;
  properties?: { quality_rating?: string | null; messaging_limit?: string | null } | null;
  offline_reasons?: OfflineReasonWire[] | null;
  url?: string | null;
  /** The most recent display-name change; the three pending_* fields come together. */
  pending_display_name?: string | null;
  pending_display_name_status?: PendingDisplayNameStatus | null;
  pending_display_name_status_date?: string | null;
  /** Only on the answer to an update whose body held profile.name. */
  display_name_status?: DisplayNameUpdateStatus | null;
}

export type PendingDisplayNameStatus = 'PENDING_REVIEW' | 'APPROVED' | 'DECLINED' | 'PIN_MISMATCH' | 'REGISTRATION_FAILED' | 'EXPIRED' | 'COMPLETED';

export type DisplayNameUpdateStatus = 'updating' | 'no_change' | 'pending_review' | 'error';

export interface IncomingPhoneNumberWire {
  sid: string;
  account_sid: string;
  phone_number: string;
  friendly_name: string | null;
  capabilities: { sms?: boolean; voice?: boolean; mms?: boolean; fax?: boolean } | null;
  voice_url: string | null;
  voice_method: string | null;
  voice_fallback_url: string | null;
  voice_fallback_method: string | null;
  voice_application_sid: string | null;
  trunk_sid: string | null;
}

export interface AccountWire {
  sid: string;
  friendly_name: string | null;
  owner_account_sid: string | null;
  status: string | null;
  auth_token: string | null;
}

export interface AlertWire {
  sid: string | null;
  account_sid: string | null;
  error_code: string | null;
  alert_text: string | null;
  more_info: string | null;
  resource_sid: string | null;
  date_created: string | null;
  log_level: string | null;
}

export type AvailableNumberType = 'Local' | 'Mobile' | 'TollFree';

/** Pricing API v1 `GET /v1/PhoneNumbers/Countries/{IsoCountry}` (contracts/twilio/twilio_pricing_v1.phone_numbers.json). */
export interface PhoneNumberCountryPricingWire {
  country: string | null;
  iso_country: string | null;
  /** Monthly prices by number type (`local`, `mobile`, `toll free`, …); prices are decimal text, e.g. "1.15". */
  phone_number_prices: { number_type?: string; base_price?: string | number; current_price?: string | number }[] | null;
  /** ISO 4217, e.g. USD. */
  price_unit: string | null;
}

export interface AvailablePhoneNumberWire {
  phone_number: string | null;
  friendly_name: string | null;
  locality: string | null;
  region: string | null;
  iso_country: string | null;
  address_requirements: string | null;
  capabilities: { sms?: boolean; SMS?: boolean; voice?: boolean; mms?: boolean; MMS?: boolean } | null;
}

/** The AvailablePhoneNumbers filters the bot uses. */
export interface AvailableNumberQuery {
  AreaCode?: string;
  Contains?: string;
  SmsEnabled?: boolean;
  VoiceEnabled?: boolean;
  PageSize?: number;
}
