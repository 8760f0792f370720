import { MetaStandIn } from '../../src/sandbox/meta/meta-standin.js';
import type { OnboardingSettings } from '../../src/senders/customers/onboarding-settings.js';
import type { Onboarding } from '../../src/store/schema.js';
import type { Harness, HarnessOptions } from './harness.js';
import { ALICE } from './harness.js';

export const META_APP_ID = '1234567890123';
export const META_CONFIG_ID = '9876543210987';
export const META_APP_SECRET = 'meta-app-secret-0123456789abcdef';
/** The ISV's system user at the Meta stand-in, for Meta's own view. */
export const META_SYSTEM_USER = { token: 'EAAsystem-user-token-0123456789abcdef', id: '300000000000003' };
export const META_WEBHOOK_VERIFY_TOKEN = 'meta-webhook-verify-token-0123456789';

/** Embedded Signup's settings against this Meta stand-in (another replica of a bot gets the same). */
export const onboardingWith = (meta: MetaStandIn): OnboardingSettings => ({
  appId: META_APP_ID,
  configId: META_CONFIG_ID,
  appSecret: META_APP_SECRET,
  sdkUrl: meta.sdkUrl,
  dialogOrigin: meta.dialogOrigin,
  graphUrl: meta.graphUrl,
});

/** A bot with Embedded Signup set up against the Meta stand-in, whose WABAs the Twilio simulator knows. */
export async function startWithMeta(
  start: (options?: HarnessOptions) => Promise<Harness>,
  options: HarnessOptions = {},
  graphTimeoutMs?: number,
  more: Partial<OnboardingSettings> = {},
  view: { systemUser?: boolean } = {},
): Promise<{ h: Harness; meta: MetaStandIn }> {
  let harness: Harness | undefined;
  const meta = new MetaStandIn({
    appId: META_APP_ID,
    appSecret: META_APP_SECRET,
    addWaba: (id) => harness!.sim.state.addWaba(id),
    ...(view.systemUser ? { systemUser: META_SYSTEM_USER, numbersOf: (wabaId: string) => harness?.sim.state.numbersOfWaba(wabaId) ?? [] } : {}),
  });
  await meta.start();
  const systemUser = view.systemUser
    ? { systemUserToken: META_SYSTEM_USER.token, systemUserId: META_SYSTEM_USER.id, webhookVerifyToken: META_WEBHOOK_VERIFY_TOKEN }
    : {};
  const h = await start({ ...options, onboarding: { ...onboardingWith(meta), timeoutMs: graphTimeoutMs, ...systemUser, ...more } });
  harness = h;
  if (view.systemUser) meta.webhookUrl = `${h.bot.senders.voiceCalls?.publicUrl}/meta/webhooks`;
  const stop = h.stop.bind(h);
  h.stop = async (opts) => {
    await stop(opts);
    await meta.stop();
  };
  return { h, meta };
}

/** The link the bot posted for the latest onboarding, and that onboarding. */
export async function latestLink(h: Harness): Promise<{ url: string; onboarding: Onboarding }> {
  const onboarding = (await h.bot.store.onboardings.list()).at(-1);
  if (!onboarding?.linkTs) throw new Error('no onboarding link was posted');
  const message = h.slack.messages.find((m) => m.ts === onboarding.linkTs && m.channel === onboarding.channel)!;
  const url = /https?:\/\/[^\s>|]+\/onboard\/[A-Za-z0-9._-]+/.exec(message.text)?.[0];
  if (!url) throw new Error(`no link in: ${message.text}`);
  return { url, onboarding };
}

export const threadOf = (h: Harness, onboarding: Onboarding) =>
  h.slack.messages.filter((m) => m.channel === (onboarding.channel ?? ALICE.channel) && m.threadTs === onboarding.linkTs);
