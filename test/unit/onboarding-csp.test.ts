import { describe, expect, it } from 'vitest';
import { META_DEFAULTS } from '../../src/senders/customers/onboarding-settings.js';
import { onboardingCsp } from '../../src/web/onboarding-csp.js';

const directive = (csp: string, name: string) =>
  csp
    .split('; ')
    .find((d) => d.startsWith(`${name} `))
    ?.split(' ')
    .slice(1)
    .sort();

describe("the onboarding page's Content-Security-Policy", () => {
  it("lets Meta's SDK reach the Graph API, the SDK and the dialog, and nothing else", () => {
    const csp = onboardingCsp(META_DEFAULTS, 'abc');
    expect(directive(csp, 'connect-src')).toEqual(["'self'", 'https://connect.facebook.net', 'https://graph.facebook.com', 'https://www.facebook.com'].sort());
    expect(csp).toContain("script-src 'nonce-abc' https://connect.facebook.net");
  });

  it("allows the ISV's logo from its one origin, as an image only", () => {
    const csp = onboardingCsp({ ...META_DEFAULTS, brand: { logoUrl: 'https://cdn.acme.example/brand/logo.png?v=2' } }, 'abc');
    expect(directive(csp, 'img-src')).toEqual(
      ["'self'", 'data:', 'https://cdn.acme.example', 'https://connect.facebook.net', 'https://www.facebook.com'].sort(),
    );
    for (const name of ['script-src', 'connect-src', 'frame-src', 'style-src']) expect(directive(csp, name)).not.toContain('https://cdn.acme.example');
    expect(directive(onboardingCsp(META_DEFAULTS, 'abc'), 'img-src')).not.toContain('https://cdn.acme.example');
  });
});
