import { MetaStandIn } from '../../src/sandbox/meta/meta-standin.js';
import type { OnboardingSettings } from '../../src/senders/customers/onboarding-settings.js';
import type { Onboarding } from '../../src/store/schema.js';
import type { Harness, HarnessOptions } from './harness.js';
import { ALICE } from './harness.js';

export const META_APP_ID = '1234567890123';
export const META_CONFIG_ID = '9876543210987';
export const META_APP_SECRET = 'meta-app-secret-0123456789abcdef';

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
): Promise<{ h: Harness; meta: MetaStandIn }> {
  let harness: Harness | undefined;
  const meta = new MetaStandIn({
    appId: META_APP_ID,
    appSecret: META_APP_SECRET,
    addWaba: (id) => harness!.sim.state.addWaba(id),
  });
  await meta.start();
  const h = await start({ ...options, onboarding: { ...onboardingWith(meta), timeoutMs: graphTimeoutMs, ...more } });
  harness = h;
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
