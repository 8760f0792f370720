import { isNotFound } from '../../twilio/errors.js';
import type { AvailableNumberQuery, AvailableNumberType, AvailablePhoneNumberWire } from '../../twilio/wire.js';
import type { SendersContext } from '../context.js';
import { type Problem, problemFrom } from '../outcome.js';
import { type MonthlyPrice, numberPrices } from './prices.js';

export interface NumberSearch {
  /** ISO country code, e.g. US, GB, MX. */
  country: string;
  /** An area code or digits the number should contain. */
  digits?: string;
  capability?: 'sms' | 'voice';
}

export interface NumberOffer {
  phoneNumber: string;
  type: AvailableNumberType;
  sms: boolean;
  voice: boolean;
  place: string;
  /** Twilio needs an address of the number's user to sell it. */
  addressRequired: boolean;
  /** Its monthly price; unset when Twilio's prices could not be had. */
  price?: MonthlyPrice;
}

export type SearchResult = { ok: true; offers: NumberOffer[] } | { ok: false; problem: Problem };

const TYPES: AvailableNumberType[] = ['Local', 'Mobile', 'TollFree'];
/** Per type: enough to choose from, few enough for one Slack message. */
const PER_TYPE = 10;
/** Countries where Twilio's AreaCode filter applies. */
const AREA_CODE_COUNTRIES = new Set(['US', 'CA']);

export function searchQuery(search: NumberSearch): AvailableNumberQuery {
  const query: AvailableNumberQuery = { PageSize: PER_TYPE };
  if (search.digits) {
    if (AREA_CODE_COUNTRIES.has(search.country) && /^\d{3}$/.test(search.digits)) query.AreaCode = search.digits;
    else query.Contains = search.digits;
  }
  if (search.capability === 'sms') query.SmsEnabled = true;
  if (search.capability === 'voice') query.VoiceEnabled = true;
  return query;
}

const offerOf = (type: AvailableNumberType, n: AvailablePhoneNumberWire): NumberOffer => ({
  phoneNumber: n.phone_number ?? '',
  type,
  sms: Boolean(n.capabilities?.sms ?? n.capabilities?.SMS),
  voice: Boolean(n.capabilities?.voice),
  place: [n.locality, n.region].filter(Boolean).join(', '),
  addressRequired: Boolean(n.address_requirements && n.address_requirements !== 'none'),
});

/**
 * Asks Twilio for numbers of every type at once, and for the country's monthly prices beside them;
 * a type the country does not offer (404) is simply absent.
 */
export async function searchNumbers(ctx: SendersContext, search: NumberSearch): Promise<SearchResult> {
  const query = searchQuery(search);
  const pricing = numberPrices(ctx, search.country);
  const answers = await Promise.allSettled(TYPES.map((type) => ctx.twilio.listAvailableNumbers(search.country, type, query)));
  const prices = await pricing;
  const offers: NumberOffer[] = [];
  let failure: unknown;
  answers.forEach((answer, i) => {
    const type = TYPES[i]!;
    const price = prices?.[type];
    if (answer.status === 'fulfilled')
      offers.push(...answer.value.filter((n) => n.phone_number).map((n) => ({ ...offerOf(type, n), ...(price ? { price } : {}) })));
    else if (!isNotFound(answer.reason)) failure ??= answer.reason;
  });
  if (failure && offers.length === 0) return { ok: false, problem: problemFrom(failure) };
  return { ok: true, offers };
}
