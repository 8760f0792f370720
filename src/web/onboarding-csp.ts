import type { OnboardingSettings } from '../senders/customers/onboarding-settings.js';

/**
 * The onboarding page's Content-Security-Policy: its own nonce-marked code, Meta's SDK, the
 * dialog's origin, the Graph API, which the SDK calls itself (autoLogAppEvents logs there),
 * and the ISV's logo's origin for images only.
 */
export function onboardingCsp(settings: Pick<OnboardingSettings, 'sdkUrl' | 'dialogOrigin' | 'graphUrl' | 'brand'>, nonce: string): string {
  const sdkOrigin = new URL(settings.sdkUrl).origin;
  const graphOrigin = new URL(settings.graphUrl).origin;
  const connect = [...new Set(["'self'", sdkOrigin, settings.dialogOrigin, graphOrigin])].join(' ');
  const logoOrigin = settings.brand?.logoUrl ? new URL(settings.brand.logoUrl).origin : undefined;
  const images = [...new Set(["'self'", 'data:', sdkOrigin, settings.dialogOrigin, ...(logoOrigin ? [logoOrigin] : [])])].join(' ');
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' ${sdkOrigin}`,
    `style-src 'nonce-${nonce}'`,
    `img-src ${images}`,
    `connect-src ${connect}`,
    `frame-src ${sdkOrigin} ${settings.dialogOrigin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
