import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/parse.js';
import { normalizePhone, twilioForms, whatsAppForm } from '../../src/senders/numbers/phone.js';
import { searchQuery } from '../../src/senders/numbers/search.js';

describe('the forms Twilio keeps a number in', () => {
  it('Mexico: WhatsApp writes +52 1, Twilio +52 and ten digits; both are tried, the typed one first', () => {
    expect(twilioForms('+5215512345678')).toEqual(['+5215512345678', '+525512345678']);
    expect(twilioForms('+525512345678')).toEqual(['+525512345678', '+5215512345678']);
    expect(whatsAppForm('+525512345678')).toBe('+5215512345678');
  });

  it('Argentina: WhatsApp writes +54 9 for mobiles, Twilio may list +54 without the 9', () => {
    expect(twilioForms('+5491123456789')).toEqual(['+5491123456789', '+541123456789']);
    expect(twilioForms('+541123456789')).toEqual(['+541123456789', '+5491123456789']);
    expect(whatsAppForm('+541123456789')).toBe('+5491123456789');
  });

  it('a Mexican number typed any way becomes the +52 1 form, whose Twilio form is +52', () => {
    const typed = normalizePhone('+52 55 1234 5678');
    expect(typed.ok && typed.e164).toBe('+5215512345678');
    expect(twilioForms(typed.ok ? typed.e164 : '')).toContain('+525512345678');
  });

  it('other countries have one form', () => {
    expect(twilioForms('+14155550100')).toEqual(['+14155550100']);
    expect(whatsAppForm('+447700900123')).toBe('+447700900123');
  });
});

describe('numbers search', () => {
  it('reads the country, the digits and the capability', () => {
    expect(parseCommand('numbers search us 415 sms', '/senders')).toEqual({
      name: 'numbers_search',
      search: { country: 'US', digits: '415', capability: 'sms' },
    });
    expect(parseCommand('numbers search GB', '/senders')).toEqual({ name: 'numbers_search', search: { country: 'GB' } });
  });

  it('explains what is wrong in a search it cannot read', () => {
    const noCountry = parseCommand('numbers search', '/senders');
    expect(noCountry.name === 'invalid' && noCountry.message).toContain('two-letter code');
    const bad = parseCommand('numbers search US fax', '/senders');
    expect(bad.name === 'invalid' && bad.message).toContain('"fax"');
    expect(parseCommand('numbers buy', '/senders').name).toBe('invalid');
  });

  it('uses the area code filter where Twilio has one, and Contains elsewhere', () => {
    expect(searchQuery({ country: 'US', digits: '415', capability: 'sms' })).toMatchObject({ AreaCode: '415', SmsEnabled: true });
    expect(searchQuery({ country: 'GB', digits: '7700' })).toMatchObject({ Contains: '7700' });
    expect(searchQuery({ country: 'MX', capability: 'voice' })).toMatchObject({ VoiceEnabled: true });
  });
});
