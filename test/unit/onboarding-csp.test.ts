import { describe, expect, it } from 'vitest';
import { META_DEFAULTS } from '../../src/senders/customers/onboarding-settings.js';
import { onboardingCsp } from '../../src/web/onboarding-csp.js';

describe("the onboarding page's Content-Security-Policy", () => {
  it("lets Meta's SDK reach the Graph API, the SDK and the dialog, and nothing else", () => {
    const csp = onboardingCsp(META_DEFAULTS, 'abc');
    const connect = csp.split('; ').find((d) => d.startsWith('connect-src '));
    expect(connect?.split(' ').slice(1).sort()).toEqual(
      ["'self'", 'https://connect.facebook.net', 'https://graph.facebook.com', 'https://www.facebook.com'].sort(),
    );
    expect(csp).toContain("script-src 'nonce-abc' https://connect.facebook.net");
  });
});
