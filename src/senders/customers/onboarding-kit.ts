import { createGraph } from '../../meta/graph.js';
import type { SecretRegistry } from '../../secrets.js';
import type { OnboardingKit } from './onboarding.js';
import { linkKey } from './onboarding-link.js';
import { META_DEFAULTS, type OnboardingSettings } from './onboarding-settings.js';

export function onboardingKit(given: OnboardingSettings | undefined, twilioSecret: string, secrets: SecretRegistry): OnboardingKit {
  const settings: OnboardingSettings = given ?? { ...META_DEFAULTS };
  secrets.add(settings.appSecret);
  secrets.add(settings.linkSecret);
  const key = linkKey(settings.linkSecret, twilioSecret);
  secrets.add(key.toString('base64'));
  secrets.add(key.toString('hex'));
  const graph =
    settings.appId && settings.appSecret
      ? createGraph({ graphUrl: settings.graphUrl, appId: settings.appId, appSecret: settings.appSecret, timeoutMs: settings.timeoutMs, secrets })
      : undefined;
  return { settings, key, graph };
}
