import { describe, expect, it } from 'vitest';
import { endpointOf } from '../../src/twilio/transport.js';

describe('the endpoint label of a Twilio request', () => {
  it('keeps the API version in the endpoint it labels, and only SIDs and numbers out of it', () => {
    const account = `AC${'b'.repeat(32)}`;
    expect(endpointOf({ method: 'get', url: `https://api.twilio.com/2010-04-01/Accounts/${account}.json` })).toBe('GET /2010-04-01/Accounts/{Sid}.json');
    expect(endpointOf({ method: 'post', url: `https://api.twilio.com/2010-04-01/Accounts/${account}/IncomingPhoneNumbers/PN${'c'.repeat(32)}.json` })).toBe(
      'POST /2010-04-01/Accounts/{Sid}/IncomingPhoneNumbers/{Sid}.json',
    );
    expect(endpointOf({ method: 'get', url: `https://api.twilio.com/2010-04-01/Accounts/${account}/AvailablePhoneNumbers/US/Local.json` })).toBe(
      'GET /2010-04-01/Accounts/{Sid}/AvailablePhoneNumbers/US/Local.json',
    );
    expect(endpointOf({ method: 'get', url: `https://api.twilio.com/2010-04-01/Accounts/${account}/Recordings/RE${'d'.repeat(32)}.mp3` })).toBe(
      'GET /2010-04-01/Accounts/{Sid}/Recordings/{Sid}.mp3',
    );
    expect(endpointOf({ method: 'get', url: 'https://monitor.twilio.com/v1/Alerts' })).toBe('GET /v1/Alerts');
    expect(endpointOf({ method: 'get', url: 'https://lookups.twilio.com/v2/PhoneNumbers/%2B14155550100' })).toBe('GET /v2/PhoneNumbers/{id}');
  });
});
