import type { Store } from './db.js';
import type { Onboarding } from './schema.js';

const onboardingsOf = (store: Store): Onboarding[] => {
  store.data.onboardings ??= [];
  return store.data.onboardings;
};

export function addOnboarding(store: Store, onboarding: Onboarding): void {
  onboardingsOf(store).push(onboarding);
}

export function findOnboarding(store: Store, id: string): Onboarding | undefined {
  return onboardingsOf(store).find((o) => o.id === id);
}

export function removeOnboarding(store: Store, onboarding: Onboarding): void {
  store.data.onboardings = onboardingsOf(store).filter((o) => o !== onboarding);
}

/** Forgets onboardings that ended before `before`, except any a queued Slack post still needs. */
export function pruneOnboardings(store: Store, ended: (onboarding: Onboarding) => number, before: number): void {
  const needed = new Set(store.data.outbox.map((item) => item.onboardingId));
  store.data.onboardings = onboardingsOf(store).filter((o) => needed.has(o.id) || ended(o) >= before);
}
