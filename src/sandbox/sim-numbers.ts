import type { AvailableNumberType } from '../twilio/wire.js';
import { SimError } from './sim-state.js';

/** A number Twilio offers for sale, with what its purchase requires. */
export interface SimAvailableNumber {
  phoneNumber: string;
  country: string;
  type: AvailableNumberType;
  sms: boolean;
  voice: boolean;
  locality: string;
  region: string;
  /** Twilio's address_requirements: none, any, local or foreign. */
  addressRequirements: 'none' | 'any' | 'local' | 'foreign';
  /** The country's regulation asks for an approved regulatory bundle (BundleSid). */
  needsBundle: boolean;
}

const offer = (
  phoneNumber: string,
  country: string,
  type: AvailableNumberType,
  caps: { sms: boolean; voice: boolean },
  place: [string, string],
  requires: { address?: SimAvailableNumber['addressRequirements']; bundle?: boolean } = {},
): SimAvailableNumber => ({
  phoneNumber,
  country,
  type,
  ...caps,
  locality: place[0],
  region: place[1],
  addressRequirements: requires.address ?? 'none',
  needsBundle: requires.bundle ?? false,
});

const BOTH = { sms: true, voice: true };
const VOICE_ONLY = { sms: false, voice: true };

/** What the simulator sells at start: a few countries, each with the types Twilio offers there. */
export const DEFAULT_INVENTORY = (): SimAvailableNumber[] => [
  offer('+12125550142', 'US', 'Local', BOTH, ['New York', 'NY']),
  offer('+12125550143', 'US', 'Local', VOICE_ONLY, ['New York', 'NY']),
  offer('+14155550760', 'US', 'Local', BOTH, ['San Francisco', 'CA']),
  offer('+14155550761', 'US', 'Local', BOTH, ['San Francisco', 'CA'], { address: 'any' }),
  offer('+18885550100', 'US', 'TollFree', BOTH, ['', '']),
  offer('+447700900123', 'GB', 'Mobile', BOTH, ['', ''], { bundle: true }),
  offer('+447700900456', 'GB', 'Mobile', { sms: true, voice: false }, ['', '']),
  offer('+442071838750', 'GB', 'Local', VOICE_ONLY, ['London', 'LND'], { address: 'local' }),
  offer('+525512345678', 'MX', 'Local', BOTH, ['Ciudad de Mexico', 'CMX']),
  offer('+528112345678', 'MX', 'Local', VOICE_ONLY, ['Monterrey', 'NLE']),
];

export interface AvailableFilter {
  AreaCode?: string;
  Contains?: string;
  SmsEnabled?: string;
  VoiceEnabled?: string;
}

const COUNTRY_CODES: Record<string, string> = { US: '1', GB: '44', MX: '52' };

/** Twilio's Contains: digits, with * for any one character. */
const containsMatches = (phoneNumber: string, pattern: string) => {
  const regex = new RegExp(pattern.replace(/[^\d*]/g, '').replace(/\*/g, '\\d'));
  return regex.test(phoneNumber.replace(/^\+/, ''));
};

/** The numbers of one type on sale in a country, filtered as AvailablePhoneNumbers filters; 404 when the country has no such type. */
export function availableNumbers(inventory: SimAvailableNumber[], country: string, type: AvailableNumberType, filter: AvailableFilter) {
  const ofCountry = inventory.filter((n) => n.country === country.toUpperCase());
  const offered = new Set(
    DEFAULT_INVENTORY()
      .filter((n) => n.country === country.toUpperCase())
      .map((n) => n.type),
  );
  if (!offered.has(type)) throw new SimError(404, 20404, `The requested resource /AvailablePhoneNumbers/${country}/${type}.json was not found`);
  const prefix = COUNTRY_CODES[country.toUpperCase()] ?? '';
  return ofCountry.filter(
    (n) =>
      n.type === type &&
      (!filter.AreaCode || n.phoneNumber.startsWith(`+${prefix}${filter.AreaCode}`)) &&
      (!filter.Contains || containsMatches(n.phoneNumber, filter.Contains)) &&
      (filter.SmsEnabled !== 'true' || n.sms) &&
      (filter.VoiceEnabled !== 'true' || n.voice),
  );
}

/** What Twilio answers to a purchase it refuses; the number stays on sale. */
export function purchaseRefusal(number: SimAvailableNumber | undefined, phoneNumber: string, body: Record<string, string>): SimError | undefined {
  if (!number) return new SimError(400, 21422, `PhoneNumber ${phoneNumber} is not available.`);
  if (number.addressRequirements !== 'none' && !body.AddressSid)
    return new SimError(400, 21631, 'Phone Number Requires an Address: to purchase this number you must supply the Address (AddressSid) of its user.');
  if (number.needsBundle && !body.BundleSid)
    return new SimError(400, 21649, 'Phone Number Requires a Bundle: this number needs an approved regulatory bundle (BundleSid).');
  return undefined;
}

/** Monthly number prices per country, as Twilio's Pricing API lists them (number types in its words). */
const PRICES: Record<string, { country: string; unit: string; prices: [string, string, string][] }> = {
  US: {
    country: 'United States',
    unit: 'USD',
    prices: [
      ['local', '1.15', '1.15'],
      ['toll free', '2.15', '2.15'],
    ],
  },
  GB: {
    country: 'United Kingdom',
    unit: 'USD',
    prices: [
      ['local', '1.15', '1.15'],
      ['mobile', '1.15', '1.15'],
    ],
  },
  MX: { country: 'Mexico', unit: 'USD', prices: [['local', '4.25', '3.40']] },
};

/** Pricing API v1 `GET /v1/PhoneNumbers/Countries/{IsoCountry}`; 404 for a country it has no prices for. */
export function numberPricing(country: string) {
  const iso = country.toUpperCase();
  const found = PRICES[iso];
  if (!found) throw new SimError(404, 20404, `The requested resource /PhoneNumbers/Countries/${country} was not found`);
  return {
    country: found.country,
    iso_country: iso,
    phone_number_prices: found.prices.map(([number_type, base_price, current_price]) => ({ number_type, base_price, current_price })),
    price_unit: found.unit,
    url: `https://pricing.twilio.com/v1/PhoneNumbers/Countries/${iso}`,
  };
}
