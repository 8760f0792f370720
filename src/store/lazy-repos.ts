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

/** Repositories built on first use and kept (see lazyRepos). */
class LazyRepos {
  private readonly made: Partial<Record<keyof Repos, unknown>> = {};

  constructor(private readonly build: (name: keyof Repos) => unknown) {}

  repo(name: keyof Repos): unknown {
    if (!(name in this.made)) this.made[name] = this.build(name);
    return this.made[name];
  }
}
for (const name of REPO_NAMES) {
  Object.defineProperty(LazyRepos.prototype, name, {
    get(this: LazyRepos) {
      return this.repo(name);
    },
  });
}

/**
 * Repositories built on first use and kept: a request's bounded view of the store touches two or
 * three of them, and building all fourteen for every request showed in the profiles. They are
 * getters of the prototype: read them by name (REPO_NAMES), not with Object.keys.
 */
export function lazyRepos(build: <K extends keyof Repos>(name: K) => Repos[K]): Repos {
  return new LazyRepos(build) as unknown as Repos;
}
