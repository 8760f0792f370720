import type { Repos } from './repositories.js';

/** Every repository's name, as `Repos` lists them. */
export const REPO_NAMES = [
  'senders',
  'customers',
  'bulkRuns',
  'outbox',
  'audit',
  'channelBindings',
  'accounts',
  'onboardings',
  'pendingSubaccounts',
  'pendingPurchases',
  'poller',
  'claims',
  'codeRequests',
  'metaEvents',
] as const satisfies readonly (keyof Repos)[];

// A repository added to Repos and not to the list above does not compile.
type Missing = Exclude<keyof Repos, (typeof REPO_NAMES)[number]>;
const allNamed: [Missing] extends [never] ? true : Missing = true;
void allNamed;

/**
 * Repositories built on first use and kept: a request's bounded view of the store touches two or
 * three of them, and building all fourteen for every request showed in the profiles.
 */
export function lazyRepos(build: <K extends keyof Repos>(name: K) => Repos[K]): Repos {
  const repos = {} as Record<keyof Repos, unknown>;
  for (const name of REPO_NAMES) {
    Object.defineProperty(repos, name, {
      enumerable: true,
      configurable: true,
      get() {
        const repo = build(name);
        Object.defineProperty(repos, name, { value: repo, enumerable: true });
        return repo;
      },
    });
  }
  return repos as Repos;
}
