import { describe, expect, it } from 'vitest';
import type { OnboardingNotice } from '../../src/store/schema.js';
import { onboardingNoticeMessage } from '../../src/views/onboarding-messages.js';

const AT = Date.parse('2026-11-25T12:00:00Z');

describe("an onboarding thread's notices, stored as data and worded when posted", () => {
  it('the link message names the customer, the link and until when it works', () => {
    const notice: OnboardingNotice = {
      kind: 'link',
      customerName: 'Acme',
      url: 'https://bot.example/onboard/abc',
      expiresAt: AT + 3_600_000,
      at: AT,
      user: 'U0ALICE',
    };
    const message = onboardingNoticeMessage(notice, '/senders');
    expect(message.text).toContain('Onboarding link for Acme');
    expect(message.text).toContain('https://bot.example/onboard/abc');
    expect(JSON.stringify(message.blocks)).toMatch(/until <!date\^\d+\^\{date_short_pretty\} \{time\}\|13:00 UTC>/);
  });

  it('an unconfirmed result names what Meta did not confirm: the WABA, or the number in it', () => {
    expect(onboardingNoticeMessage({ kind: 'unconfirmed', wabaId: '111' }, '/senders').text).toContain('gave access to WABA `111`');
    expect(onboardingNoticeMessage({ kind: 'unconfirmed', wabaId: '111', phoneNumberId: '222' }, '/senders').text).toContain(
      'gave access to phone number ID `222` in that WABA',
    );
  });

  it("Meta's error text never reaches the thread, only its error ID; a cancel says until when the link works", () => {
    expect(onboardingNoticeMessage({ kind: 'error', errorId: '9', expiresAt: AT + 60_000, at: AT }, '/senders').text).toContain('Meta error ID `9`');
    expect(onboardingNoticeMessage({ kind: 'cancelled', step: 'PHONE', expiresAt: AT + 60_000, at: AT }, '/senders').text).toContain('until 12:01 UTC');
  });
});
