import { describe, expect, it } from 'vitest';
import { changeNote, profileChanges, updateBodyFor } from '../../src/senders/profile/index.js';
import type { SenderWire } from '../../src/twilio/wire.js';

const current: SenderWire = {
  sid: 'XE00000000000000000000000000000001',
  status: 'ONLINE',
  sender_id: 'whatsapp:+14155550100',
  profile: {
    name: 'Acme',
    about: 'We sell anvils',
    emails: [{ email: 'help@acme.example', label: 'Support' }],
    websites: [{ website: 'https://acme.example' }],
  },
  webhook: { callback_url: 'https://hooks.acme.example/in', callback_method: 'POST' },
};

describe('profile changes', () => {
  it('lists only the fields that differ, never the name', () => {
    const changes = profileChanges(current, {
      'profile.about': 'We sell anvils',
      'profile.description': 'Since 1949',
      'profile.emails': ['Support: help@acme.example'],
      'webhook.callback_url': 'https://hooks.acme.example/v2',
      ...({ 'profile.name': 'Other' } as object),
    });
    expect(changes).toEqual([
      { field: 'profile.description', after: 'Since 1949' },
      { field: 'webhook.callback_url', before: 'https://hooks.acme.example/in', after: 'https://hooks.acme.example/v2' },
    ]);
  });

  it('sends only the changed fields, with labels, and a cleared one as null', () => {
    const changes = profileChanges(current, {
      'profile.websites': ['Shop: https://shop.acme.example', 'https://acme.example'],
      'profile.about': '',
      'webhook.fallback_url': 'https://backup.acme.example/in',
    });
    expect(updateBodyFor(changes)).toEqual({
      profile: { about: null, websites: [{ website: 'https://shop.acme.example', label: 'Shop' }, { website: 'https://acme.example' }] },
      webhook: { fallback_url: 'https://backup.acme.example/in' },
    });
  });

  it('finds nothing to change when the same values come back', () => {
    expect(profileChanges(current, { 'profile.about': ' We sell anvils ', 'webhook.callback_method': 'POST', 'profile.logo_url': '' })).toEqual([]);
  });

  it('notes who changed what, with secrets in URLs masked', () => {
    const note = changeNote(
      [{ field: 'webhook.callback_url', before: 'https://hooks.acme.example/in', after: 'https://bot:s3cret@hooks.acme.example/v2?token=abc' }],
      'U123',
    );
    expect(note).toContain('<@U123>');
    expect(note).toContain('Callback URL: `https://hooks.acme.example/in` → `https://•••:•••@hooks.acme.example/v2?token=•••`');
    expect(note).not.toMatch(/s3cret|abc/);
  });
});
