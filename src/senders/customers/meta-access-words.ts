import type { SecretRegistry } from '../../secrets.js';
import type { Problem } from '../outcome.js';

/** Why Meta did not give the system user a WABA: what is stored on the customer, and what a person is told. */
export interface MetaAccessFailure {
  /** Meta's own words, scrubbed: kept as `meta.accessProblem`. */
  stored: string;
  problem: Problem;
}

type Cause = 'token' | 'app_secret' | 'no_access' | 'unreachable' | 'other';

const TOKEN_CODES = new Set([190]);
const NO_ACCESS_CODES = new Set([10, 200]);

/** The Graph error code when the error carries one (Meta's `error.code`). */
const codeOf = (error: unknown): number | undefined => {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
};

function causeOf(error: unknown): Cause {
  const code = codeOf(error);
  const message = (error as Error | undefined)?.message ?? '';
  if (/appsecret_proof|app secret/i.test(message)) return 'app_secret';
  if ((code !== undefined && TOKEN_CODES.has(code)) || /\b190\b|OAuthException|does not accept|expired or revoked|access token/i.test(message)) return 'token';
  if ((code !== undefined && NO_ACCESS_CODES.has(code)) || /no access|permission|\(#(?:10|200)\)/i.test(message)) return 'no_access';
  if ((error as { transient?: unknown } | undefined)?.transient === true) return 'unreachable';
  return 'other';
}

/** The bot runs without META_SYSTEM_USER_TOKEN and META_SYSTEM_USER_ID: said without naming settings, which people in Slack do not set. */
export const noSystemUser = (): string =>
  'The bot has no Meta system user, so it cannot reach customers’ WhatsApp accounts itself: everything else works as before. A bot admin can give it one; the onboarding guide (docs/onboarding-and-numbers.md) says how.';

export function metaAccessFailure(
  error: unknown,
  secrets: SecretRegistry,
  about: { command: string; customerName: string; wabaId: string },
): MetaAccessFailure {
  const stored = secrets.scrub((error as Error | undefined)?.message ?? String(error)).slice(0, 500);
  const again = `\`${about.command} customer meta "${about.customerName}"\``;
  const wording: Record<Cause, string> = {
    token: `Meta did not accept the bot’s system user token (expired or revoked). Ask your bot admin for a new system user token, then run ${again} again.`,
    app_secret: `Meta did not accept the bot’s calls: its Meta app secret is not the one of the app its system user token belongs to. Ask your bot admin to check the bot’s Meta settings, then run ${again} again.`,
    no_access: `Meta did not let the bot’s system user manage WABA ${about.wabaId}. The customer must share the WABA with your business, or onboard again with \`${about.command} customer onboard "${about.customerName}"\`; then run ${again} again.`,
    unreachable: `Meta could not be asked this time (${stored}). Try ${again} again in a few minutes; the bot also tries again when it next starts.`,
    other: `Meta refused access to WABA ${about.wabaId} (${stored.replace(/^Meta refused:\s*/i, '')}). Check the WABA with \`${about.command} customers\`, then run ${again} again.`,
  };
  return { stored, problem: { message: wording[causeOf(error)] } };
}
