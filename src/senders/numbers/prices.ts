import type { TwilioGateway } from '../../twilio/gateway.js';
import type { AvailableNumberType, PhoneNumberCountryPricingWire } from '../../twilio/wire.js';
import type { SendersContext } from '../context.js';

/** A number's monthly price as Twilio lists it: decimal text and its currency. */
export interface MonthlyPrice {
  amount: string;
  currency: string;
}

export type CountryPrices = Partial<Record<AvailableNumberType, MonthlyPrice>>;

/** Prices change rarely: one look per country this often. */
export const PRICES_KEPT_MS = 6 * 60 * 60_000;
/** A failed look is not repeated for every search meanwhile. */
const FAILURE_KEPT_MS = 5 * 60_000;
/** A price must not hold up the list of numbers for long. */
export const PRICE_LOOK_TIMEOUT_MS = 4_000;

/** The Pricing API's number types for the AvailablePhoneNumbers types. */
const TYPE_NAMES: Record<string, AvailableNumberType> = { local: 'Local', mobile: 'Mobile', 'toll free': 'TollFree', tollfree: 'TollFree' };

export function pricesOf(wire: PhoneNumberCountryPricingWire): CountryPrices {
  const prices: CountryPrices = {};
  const currency = (wire.price_unit ?? '').toUpperCase();
  for (const entry of wire.phone_number_prices ?? []) {
    const type = TYPE_NAMES[(entry.number_type ?? '').trim().toLowerCase()];
    const amount = String(entry.current_price ?? entry.base_price ?? '').trim();
    if (type && currency && /^\d+(\.\d+)?$/.test(amount)) prices[type] = { amount, currency };
  }
  return prices;
}

interface Kept {
  until: number;
  prices: Promise<CountryPrices | undefined>;
}

/** Per gateway (one Twilio account's bot), per country. */
const kept = new WeakMap<TwilioGateway, Map<string, Kept>>();

/**
 * The monthly price of each number type in a country, from Twilio's Pricing API (the numbers
 * for sale carry none), kept a while per country. Undefined when Twilio does not answer: the
 * numbers are then shown without prices.
 */
export async function numberPrices(ctx: SendersContext, country: string): Promise<CountryPrices | undefined> {
  const now = ctx.clock.now();
  const byCountry = kept.get(ctx.twilio) ?? new Map<string, Kept>();
  kept.set(ctx.twilio, byCountry);
  const key = country.toUpperCase();
  const known = byCountry.get(key);
  if (known && known.until > now) return known.prices;
  const entry: Kept = { until: now + PRICES_KEPT_MS, prices: Promise.resolve(undefined) };
  entry.prices = ctx.twilio.fetchNumberPrices(key, { timeoutMs: PRICE_LOOK_TIMEOUT_MS }).then(pricesOf, () => {
    entry.until = ctx.clock.now() + FAILURE_KEPT_MS;
    return undefined;
  });
  byCountry.set(key, entry);
  return entry.prices;
}
