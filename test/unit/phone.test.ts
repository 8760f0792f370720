import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../src/senders/numbers/phone.js';

const ok = (input: string, options?: { landline?: boolean }) => {
  const r = normalizePhone(input, options);
  if (!r.ok) throw new Error(r.error);
  return r;
};
const error = (input: string, options?: { landline?: boolean }) => {
  const r = normalizePhone(input, options);
  if (r.ok) throw new Error(`accepted ${input} as ${r.e164}`);
  return r.error;
};

describe('phone numbers to E.164', () => {
  it.each([
    ['+1 (415) 555-0100', '+14155550100'],
    ['+1.415.555.0100', '+14155550100'],
    ['0044 20 7946 0958', '+442079460958'],
    ['whatsapp:+14155550100', '+14155550100'],
    ['tel:+447911123456', '+447911123456'],
    ['  +49 30 901820  ', '+4930901820'],
  ])('%s -> %s', (input, e164) => {
    expect(ok(input).e164).toBe(e164);
  });

  it('refuses numbers without a country code, with letters, or invalid', () => {
    expect(error('415 555 0100')).toContain('country code');
    expect(error('+1 415 CALL NOW')).toContain('letters');
    expect(error('+1 555 0100')).toContain('not a valid phone number');
    expect(error('')).toContain('country code');
  });

  describe('Argentina (+54)', () => {
    it('removes the trunk prefix 15 and adds the 9, saying so', () => {
      const r = ok('+54 11 15 2345-6789');
      expect(r.e164).toBe('+5491123456789');
      expect(r.changes.join(' ')).toMatch(/removed the mobile prefix 15.*added the 9/);
    });
    it('keeps a number already written with the 9', () => {
      expect(ok('+54 9 11 2345 6789')).toEqual({ ok: true, e164: '+5491123456789', changes: [] });
    });
    it('drops a national 0 written after +54', () => {
      expect(ok('+54 0351 15 612 3456').e164).toBe('+5493516123456');
    });
    it('asks when a number without 9 or 15 could be a mobile or a landline', () => {
      expect(error('+54 11 2345 6789')).toContain('+54 9 11');
      expect(ok('+54 11 2345 6789', { landline: true }).e164).toBe('+541123456789');
    });
    it('refuses a mobile form marked as landline', () => {
      expect(error('+54 9 11 2345 6789', { landline: true })).toContain('landline');
    });
  });

  describe('Mexico (+52)', () => {
    it('adds the 1 after +52, saying so', () => {
      const r = ok('+52 55 1234 5678');
      expect(r.e164).toBe('+5215512345678');
      expect(r.changes[0]).toContain('added the 1');
    });
    it('keeps a number already written with the 1', () => {
      expect(ok('+52 1 55 1234 5678')).toEqual({ ok: true, e164: '+5215512345678', changes: [] });
    });
    it('refuses a wrong length', () => {
      expect(error('+52 55 1234 567')).toContain('10 digits');
    });
  });
});
