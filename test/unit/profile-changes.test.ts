import { describe, expect, it } from 'vitest';
import { changeNote, currentValues, profileChanges, updateBodyFor } from '../../src/senders/profile/index.js';
import type { SenderWire } from '../../src/twilio/wire.js';
import { changedInForm, parseProfileMetadata, profileModal } from '../../src/views/profile-modal.js';
import { senderRecord } from '../support/sender-record.js';

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

  it('counts as changed only the fields the person touched, even a value the form cannot show', () => {
    const view = profileModal(senderRecord({ sid: current.sid! }), 'C0ONBOARD', {
      ...currentValues(current),
      'profile.vertical': 'Something Meta added later',
    });
    // As Slack sends the form back untouched: each input's initial value, a select with no option chosen as null.
    const state = Object.fromEntries(
      (view.blocks as any[])
        .filter((b) => b.type === 'input')
        .map((b) => [b.block_id, { value: { value: b.element.initial_value ?? null, selected_option: b.element.initial_option ?? null } }]),
    );
    const was = parseProfileMetadata(view.private_metadata!).was;
    expect(changedInForm(state, was)).toEqual({});
    state['profile.about'] = { value: { value: 'Anvils and more', selected_option: null } };
    expect(changedInForm(state, was)).toEqual({ 'profile.about': 'Anvils and more' });
  });
});
