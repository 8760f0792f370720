import { describe, expect, it } from 'vitest';
import { waMeLink } from '../../src/senders/numbers/wa-me.js';
import { MIGRATION_CHECKLIST, needsMigration, unconfirmed } from '../../src/senders/registration/migration.js';
import { choosePath } from '../../src/senders/registration/path.js';
import { whatsAppCheckText } from '../../src/views/whatsapp-check.js';

describe('is the number already on WhatsApp', () => {
  it('builds the wa.me link from the digits of the E.164 number', () => {
    expect(waMeLink('+14155550123')).toBe('https://wa.me/14155550123?text=hi');
    expect(waMeLink('+5491123456789')).toBe('https://wa.me/5491123456789?text=hi');
  });

  it('links it and gives the contacts search as the other way to tell', () => {
    const text = whatsAppCheckText(waMeLink('+14155550123'));
    expect(text).toContain('<https://wa.me/14155550123?text=hi|wa.me/14155550123>');
    expect(text).toContain('search it in WhatsApp');
    expect(text).toContain('63110');
  });
});

describe('numbers that never get the code', () => {
  it('the paths where Meta reaches the number itself warn of IVR, machine-answered and outbound-only numbers, with the requirements article', () => {
    for (const choice of [choosePath(undefined, 'sms'), choosePath(undefined, 'voice')]) {
      expect(choice.explanation).toContain('behind an IVR');
      expect(choice.explanation).toContain('answered by a machine');
      expect(choice.explanation).toContain('call out');
      expect(choice.explanation).toContain('<https://developers.facebook.com/docs/whatsapp/phone-numbers|');
    }
  });
});

describe('the Migrate checklist', () => {
  it('needs every item confirmed, and names those that are not', () => {
    const all = MIGRATION_CHECKLIST.map((item) => item.id);
    expect(unconfirmed(all)).toEqual([]);
    expect(unconfirmed(['two_step_off']).map((item) => item.id)).toEqual(all.filter((id) => id !== 'two_step_off'));
    expect(unconfirmed(['unknown', ...all.slice(1)]).map((item) => item.id)).toEqual(['two_step_off']);
    expect(all).toEqual(expect.arrayContaining(['two_step_off', 'business_verified']));
  });

  it('applies only to a registration that failed with 63110', () => {
    expect(needsMigration({ state: 'failed', lastError: { code: 63110 } })).toBe(true);
    expect(needsMigration({ state: 'failed', lastError: { code: '63110' } })).toBe(true);
    expect(needsMigration({ state: 'failed', lastError: { code: 63100 } })).toBe(false);
    expect(needsMigration({ state: 'queued', lastError: { code: 63110 } })).toBe(false);
  });
});
