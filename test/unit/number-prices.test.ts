import { describe, expect, it } from 'vitest';
import type { SendersContext } from '../../src/senders/context.js';
import { numberPrices, PRICES_KEPT_MS, pricesOf } from '../../src/senders/numbers/prices.js';
import type { PhoneNumberCountryPricingWire } from '../../src/twilio/wire.js';
import { ManualClock } from '../support/manual-clock.js';

const US: PhoneNumberCountryPricingWire = {
  country: 'United States',
  iso_country: 'US',
  phone_number_prices: [
    { number_type: 'local', base_price: '1.15', current_price: '1.00' },
    { number_type: 'toll free', base_price: '2.15', current_price: '2.15' },
    { number_type: 'shared cost', base_price: '3.00', current_price: '3.00' },
    { number_type: 'mobile', base_price: 'n/a' },
  ],
  price_unit: 'usd',
};

/** A context whose Twilio answers the prices with `answer`, counting the looks. */
function pricing(answer: () => Promise<PhoneNumberCountryPricingWire>) {
  const clock = new ManualClock();
  const asked: string[] = [];
  const ctx = {
    clock,
    twilio: {
      fetchNumberPrices: (country: string) => {
        asked.push(country);
        return answer();
      },
    },
  } as unknown as SendersContext;
  return { ctx, clock, asked };
}

describe('monthly number prices', () => {
  it('reads the current price of the types numbers are sold as, in upper-case currency; other types and unreadable prices are left out', () => {
    expect(pricesOf(US)).toEqual({ Local: { amount: '1.00', currency: 'USD' }, TollFree: { amount: '2.15', currency: 'USD' } });
    expect(pricesOf({ country: null, iso_country: null, phone_number_prices: null, price_unit: null })).toEqual({});
  });

  it('asks Twilio once per country while the prices are kept, and again after', async () => {
    const { ctx, clock, asked } = pricing(async () => US);
    expect((await numberPrices(ctx, 'us'))?.Local?.amount).toBe('1.00');
    await numberPrices(ctx, 'US');
    await numberPrices(ctx, 'GB');
    expect(asked).toEqual(['US', 'GB']);
    clock.advance(PRICES_KEPT_MS);
    await numberPrices(ctx, 'US');
    expect(asked).toEqual(['US', 'GB', 'US']);
  });

  it('a failed look answers no prices and is tried again a few minutes later, not at every search', async () => {
    let fail = true;
    const { ctx, clock, asked } = pricing(async () => {
      if (fail) throw new Error('timed out');
      return US;
    });
    expect(await numberPrices(ctx, 'US')).toBeUndefined();
    expect(await numberPrices(ctx, 'US')).toBeUndefined();
    expect(asked).toHaveLength(1);
    fail = false;
    clock.advance(5 * 60_000);
    expect(await numberPrices(ctx, 'US')).toMatchObject({ Local: { amount: '1.00' } });
  });
});
