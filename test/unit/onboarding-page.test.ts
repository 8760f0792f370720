import { describe, expect, it } from 'vitest';
import type { ResultAnswer } from '../../src/senders/customers/onboarding.js';
import { contactOf, pageAnswer } from '../../src/views/onboarding-answers.js';
import { linkRefusedPage, notConfiguredPage, signupPage } from '../../src/views/onboarding-page.js';
import { signupStepWords } from '../../src/views/signup-steps.js';

const UNTIL = Date.parse('2026-12-07T19:30:00Z');
const BRAND = { name: 'Acme Messaging', logoUrl: 'https://cdn.acme.example/logo.png', supportEmail: 'help@acme.example' };

/** One of every answer the customer's page can show. */
const EVERY_ANSWER: ResultAnswer[] = [
  { kind: 'registering', phoneNumber: '+14155550101', record: {} as never, customer: {} as never },
  { kind: 'waba_only', noNumber: true },
  { kind: 'waba_only', noNumber: false },
  { kind: 'cancelled', step: 'PHONE_NUMBER_SETUP', expiresAt: UNTIL },
  { kind: 'cancelled', expiresAt: UNTIL },
  { kind: 'error', expiresAt: UNTIL },
  { kind: 'incomplete', expiresAt: UNTIL },
  { kind: 'other_waba', known: '102030405060708' },
  { kind: 'waba_taken' },
  { kind: 'meta_failed', expiresAt: UNTIL },
  { kind: 'not_saved' },
  { kind: 'duplicate', phoneNumber: '+14155550101' },
  { kind: 'busy' },
  { kind: 'bad_result' },
  { kind: 'used' },
  { kind: 'replaced' },
  { kind: 'expired' },
  { kind: 'tampered' },
];

/** Words meant for the staff in Slack, or raw codes, that a customer must not meet. */
const STAFF_WORDING = /Slack|command|onboarding team|team that sent|\bWABA\b|[A-Z]{3,}_[A-Z_]+|`/;

const input = (over: Partial<Parameters<typeof signupPage>[0]> = {}) => ({
  customerName: 'Beta Ltd',
  brand: BRAND,
  expiresAt: UNTIL,
  now: UNTIL - 60 * 60_000,
  appId: '1234',
  configId: '5678',
  sdkUrl: 'https://connect.facebook.net/en_US/sdk.js',
  dialogOrigin: 'https://www.facebook.com',
  graphVersion: 'v24.0',
  resultPath: '/onboard/t/result',
  sessionWaitMs: 8000,
  nonce: 'n0nce',
  ...over,
});

describe("the customer's page", () => {
  it("never speaks the staff's language nor shows a raw code, with or without the ISV named", () => {
    for (const brand of [BRAND, undefined])
      for (const answer of EVERY_ANSWER) {
        const shown = pageAnswer(answer, contactOf(brand));
        expect(`${shown.title} ${shown.detail}`, answer.kind).not.toMatch(STAFF_WORDING);
      }
  });

  it('sends the customer of a link that no longer works to the ISV by name, with its support address', () => {
    for (const kind of ['expired', 'used', 'tampered', 'replaced'] as const) {
      expect(pageAnswer({ kind }, contactOf(BRAND)).detail).toMatch(/ask Acme Messaging at help@acme\.example for a new link\.$/i);
      expect(pageAnswer({ kind }, contactOf(undefined)).detail).toMatch(/ask your provider for a new link\.$/i);
    }
  });

  it("tells where the customer left Meta's signup in words, and an undocumented step without its code", () => {
    const words = (step?: string) => pageAnswer({ kind: 'cancelled', step, expiresAt: UNTIL }, contactOf(BRAND)).detail;
    expect(words('PHONE_NUMBER_SETUP')).toContain("You closed Meta's signup while adding your phone number, so nothing was set up.");
    expect(words('PHONE_NUMBER_VERIFICATION')).toContain('while verifying your phone number with its code');
    expect(words('BUSINESS_ACCOUNT_SELECTION')).toContain('while choosing your business portfolio');
    expect(words('WABA_PHONE_VERIFICATION')).toContain("You closed Meta's signup before the end");
    expect(words(undefined)).toContain('before the end');
    for (const step of ['WABA_PHONE_PROFILE_PICKER', 'WHATSAPP_BUSINESS_PROFILE_SETUP', 'PERMISSIONS'])
      expect(signupStepWords(step)).toMatch(/^while [A-Za-z ]+$/);
    expect(signupStepWords('constructor')).toBe('before the end');
  });

  it('marks only a signup that worked as done, and gives the time the link still works for the ones to try again', () => {
    for (const answer of EVERY_ANSWER) {
      const shown = pageAnswer(answer, contactOf(BRAND));
      expect(Boolean(shown.done), answer.kind).toBe(shown.tone === 'good');
      if (shown.done) expect(shown.again).toBeFalsy();
      if ('expiresAt' in answer) expect(shown.until).toBe(UNTIL);
    }
  });

  it('names the ISV with its logo, a privacy sentence and a mailto support link, and the expiry as UTC text the script turns local', () => {
    const html = signupPage(input());
    expect(html).toContain('<img src="https://cdn.acme.example/logo.png" alt="Acme Messaging logo"');
    expect(html).toContain('<span id="isv-name">Acme Messaging</span>');
    expect(html).toContain('Acme Messaging asks you to connect your business to WhatsApp');
    expect(html).toContain('never sees your Facebook password');
    expect(html).toContain('<a href="mailto:help@acme.example">help@acme.example</a>');
    expect(html).toContain('<time data-local datetime="2026-12-07T19:30:00.000Z">19:30 UTC</time>');
    expect(html).toContain('<link rel="icon" href="/favicon.ico">');
    expect(html).toContain('<title>Connect Beta Ltd to WhatsApp · Acme Messaging</title>');
  });

  it('without ISV settings shows no header, no logo and no support line, and says "your provider"', () => {
    const html = signupPage(input({ brand: undefined }));
    expect(html).not.toContain('<header');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('href="mailto:');
    expect(html).toContain('Your provider asks you to connect');
  });

  it('escapes every setting and name it shows', () => {
    const brand = { name: '<script>alert(1)</script> & Co', logoUrl: 'https://x.example/a"onerror="alert(1)', supportEmail: 'a@b.example' };
    const html = signupPage(input({ customerName: '<b>Beta</b>', brand }));
    expect(html).not.toMatch(/<script>alert|<b>Beta|"onerror=/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    const refused = linkRefusedPage(pageAnswer({ kind: 'expired' }, contactOf(brand)), brand, 'n');
    expect(refused).not.toContain('<script>alert');
    expect(refused).toContain('<a href="mailto:a@b.example">a@b.example</a>');
    expect(notConfiguredPage(brand, 'n')).not.toContain('<script>alert');
  });
});
