/** Who the customer's signup page says sent the link: the ISV as its customers know it. */
export interface IsvBrand {
  name?: string;
  /** An https address of the ISV's logo. */
  logoUrl?: string;
  supportEmail?: string;
}

/** Where Embedded Signup runs: Meta's addresses (or the sandbox's stand-in) and the ISV's Meta app. */
export interface OnboardingSettings {
  /** The address people reach the bot's PORT at; links are built on it. */
  publicUrl?: string;
  appId?: string;
  configId?: string;
  appSecret?: string;
  sdkUrl: string;
  /** The only origin whose WA_EMBEDDED_SIGNUP messages the page trusts. */
  dialogOrigin: string;
  graphUrl: string;
  /** The ISV's system user: a Meta token that lasts (META_SYSTEM_USER_TOKEN), and its id, for Meta's own view of each WABA. */
  systemUserToken?: string;
  systemUserId?: string;
  /** What Meta's webhook subscription handshake must present (META_WEBHOOK_VERIFY_TOKEN). */
  webhookVerifyToken?: string;
  linkSecret?: string;
  /** Named on the customer's page; unset parts are left out. */
  brand?: IsvBrand;
  /** Each call to Meta's Graph API gives up after this long. */
  timeoutMs?: number;
  /** The page waits this long for Meta's signup message after the login returns (default 8 s). */
  sessionWaitMs?: number;
  /** A result whose body stops arriving for this long is refused (default 10 s). */
  bodyIdleMs?: number;
}

export const META_DEFAULTS = {
  sdkUrl: 'https://connect.facebook.net/en_US/sdk.js',
  dialogOrigin: 'https://www.facebook.com',
  graphUrl: 'https://graph.facebook.com',
} as const;

/** The settings onboarding cannot work without, by name, that are not set. */
export function missingOnboardingSettings(settings: OnboardingSettings | undefined): string[] {
  const missing: string[] = [];
  if (!settings?.publicUrl) missing.push('PUBLIC_URL');
  if (!settings?.appId) missing.push('META_APP_ID');
  if (!settings?.configId) missing.push('META_CONFIG_ID');
  if (!settings?.appSecret) missing.push('META_APP_SECRET');
  return missing;
}
