import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/parse.js';
import { loadConfig, secretsOf } from '../../src/config.js';
import { checkLink, LINK_LIFETIME_MS, linkKey, signLink } from '../../src/senders/customers/onboarding-link.js';
import { missingOnboardingSettings } from '../../src/senders/customers/onboarding-settings.js';

const key = linkKey(undefined, 'twilio-auth-token-0123456789');
const id = 'a1b2c3d4e5f6a1b2c3d4e5f6';
const now = Date.parse('2026-11-25T12:00:00Z');

describe('onboarding links', () => {
  it('accepts its own link until it expires, and names the onboarding', () => {
    const token = signLink(key, id, now + LINK_LIFETIME_MS);
    expect(checkLink(key, token, now)).toEqual({ ok: true, id, expiresAt: now + LINK_LIFETIME_MS });
    expect(checkLink(key, token, now + LINK_LIFETIME_MS - 1000).ok).toBe(true);
    expect(checkLink(key, token, now + LINK_LIFETIME_MS)).toEqual({ ok: false, reason: 'expired', id });
  });

  it('refuses a link whose id, expiry or signature was changed, or that another key signed', () => {
    const token = signLink(key, id, now + LINK_LIFETIME_MS);
    const [, expiry, signature] = token.split('.') as [string, string, string];
    const later = Math.floor((now + 10 * LINK_LIFETIME_MS) / 1000).toString(36);
    for (const forged of [
      `b${id.slice(1)}.${expiry}.${signature}`,
      `${id}.${later}.${signature}`,
      `${id}.${expiry}.${signature.slice(0, -2)}`,
      // The last character holds two spare bits: a neighbour decodes to the same bytes, and is still refused.
      `${id}.${expiry}.${signature.slice(0, -1)}${String.fromCharCode(signature.charCodeAt(signature.length - 1) ^ 1)}`,
      `${id}.${expiry}`,
      '',
      signLink(linkKey(undefined, 'another-twilio-token-0123'), id, now + LINK_LIFETIME_MS),
      signLink(linkKey('a-separate-link-secret-of-32-characters!', 'twilio-auth-token-0123456789'), id, now + LINK_LIFETIME_MS),
    ]) {
      expect(checkLink(key, forged, now)).toEqual({ ok: false, reason: 'tampered' });
    }
  });

  it('a tampered link is refused as tampered even once its claimed expiry has passed', () => {
    const token = signLink(key, id, now + LINK_LIFETIME_MS);
    expect(checkLink(key, `${token}x`, now + 2 * LINK_LIFETIME_MS)).toEqual({ ok: false, reason: 'tampered' });
  });

  it('ONBOARDING_LINK_SECRET, when set, is the key; else one is derived from the Twilio secret, the same at every start', () => {
    expect(linkKey(undefined, 'twilio-auth-token-0123456789').equals(key)).toBe(true);
    expect(linkKey(undefined, 'twilio-auth-token-0123456789').toString('utf8')).not.toContain('twilio-auth-token');
    expect(linkKey('a-separate-link-secret-of-32-characters!', 'x').toString('utf8')).toBe('a-separate-link-secret-of-32-characters!');
  });
});

describe('customer onboard', () => {
  it('takes an existing customer, or `new` and a name for a new one', () => {
    expect(parseCommand('customer onboard "Acme Corp"', '/senders')).toEqual({ name: 'customer_onboard', customer: 'Acme Corp', create: false });
    expect(parseCommand('customer onboard new "Acme Corp"', '/senders')).toEqual({ name: 'customer_onboard', customer: 'Acme Corp', create: true });
    expect(parseCommand('customer onboard new', '/senders')).toEqual({ name: 'customer_onboard', customer: 'new', create: false });
    expect(parseCommand('customer onboard', '/senders').name).toBe('invalid');
  });

  it('names the settings onboarding still needs', () => {
    expect(missingOnboardingSettings(undefined)).toEqual(['PUBLIC_URL', 'META_APP_ID', 'META_CONFIG_ID', 'META_APP_SECRET']);
    expect(
      missingOnboardingSettings({ publicUrl: 'https://x', appId: '1', configId: '2', appSecret: 's', sdkUrl: '', dialogOrigin: '', graphUrl: '' }),
    ).toEqual([]);
  });
});

describe('onboarding settings', () => {
  const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'secret-token' };

  it('are optional, with Meta’s addresses by default', () => {
    expect(loadConfig(base).onboarding).toEqual({
      publicUrl: undefined,
      appId: undefined,
      configId: undefined,
      appSecret: undefined,
      linkSecret: undefined,
      sdkUrl: 'https://connect.facebook.net/en_US/sdk.js',
      dialogOrigin: 'https://www.facebook.com',
      graphUrl: 'https://graph.facebook.com',
      brand: { name: undefined, logoUrl: undefined, supportEmail: undefined },
    });
  });

  it('are checked when set, and the Meta app secret and link secret are scrubbed like the others', () => {
    expect(() => loadConfig({ ...base, META_APP_ID: 'my app', ONBOARDING_LINK_SECRET: 'short' })).toThrow(
      /META_APP_ID must be the numeric ID[\s\S]*ONBOARDING_LINK_SECRET must be at least 32 characters/,
    );
    const config = loadConfig({
      ...base,
      PUBLIC_URL: 'https://senders.example.com/',
      META_APP_SECRET: 'meta-secret-value',
      META_DIALOG_ORIGIN: 'http://127.0.0.1:4012/x',
    });
    expect(config.onboarding).toMatchObject({ publicUrl: 'https://senders.example.com', dialogOrigin: 'http://127.0.0.1:4012' });
    expect(secretsOf(config)).toContain('meta-secret-value');
  });
});
