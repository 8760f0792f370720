import type { OnboardingSettings } from '../senders/customers/onboarding-settings.js';

/**
 * The onboarding page's Content-Security-Policy: its own nonce-marked code, Meta's SDK, the
 * dialog's origin, and the Graph API, which the SDK calls itself (autoLogAppEvents logs there).
 */
export function onboardingCsp(settings: Pick<OnboardingSettings, 'sdkUrl' | 'dialogOrigin' | 'graphUrl'>, nonce: string): string {
  const sdkOrigin = new URL(settings.sdkUrl).origin;
  const graphOrigin = new URL(settings.graphUrl).origin;
  const connect = [...new Set(["'self'", sdkOrigin, settings.dialogOrigin, graphOrigin])].join(' ');
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' ${sdkOrigin}`,
    `style-src 'nonce-${nonce}'`,
    `img-src 'self' data: ${sdkOrigin} ${settings.dialogOrigin}`,
    `connect-src ${connect}`,
    `frame-src ${sdkOrigin} ${settings.dialogOrigin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
