import type { RequestDeadline } from './deadline.js';
import { lazyRepos, REPO_NAMES } from './lazy-repos.js';
import type { AtomicallyOptions, Repos, StorageHealth, Store } from './repositories.js';

// The repositories are getters of the prototype (defined below the class).
export interface BoundedStore extends Repos {}

/**
 * Each repository of the view answers through `bounded` until the request's answer went out,
 * and through the store's own repository after: the work after the ack is the store's as any.
 */
function untilAnswered<R extends object>(bounded: R, own: () => R, deadline: RequestDeadline): R {
  return new Proxy(bounded, {
    get(target, name) {
      const source = deadline.remainingMs() === Number.POSITIVE_INFINITY ? own() : target;
      const value = Reflect.get(source, name);
      return typeof value === 'function' ? value.bind(source) : value;
    },
  });
}

/** A store's bounded view (Store.bounded): its own repositories until the answer, the rest the store's. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface only names the repositories the prototype's getters give
export class BoundedStore implements Store {
  /** Read by the repositories' getters below. */
  readonly view: Repos;

  constructor(
    private readonly store: Store,
    repos: Repos,
    private readonly deadline: RequestDeadline,
  ) {
    this.view = lazyRepos((name) => untilAnswered(repos[name], () => store[name], deadline));
  }

  get kind(): Store['kind'] {
    return this.store.kind;
  }

  get location(): string {
    return this.store.location;
  }

  get batchSize(): number {
    return this.store.batchSize;
  }

  get health(): StorageHealth {
    return this.store.health;
  }

  atomically<T>(work: (tx: Repos) => Promise<T>, options: AtomicallyOptions = {}): Promise<T> {
    return this.store.atomically(work, { ...options, deadline: options.deadline ?? this.deadline });
  }

  bounded(deadline: RequestDeadline): Store {
    return this.store.bounded(deadline);
  }

  flush(): Promise<void> {
    return this.store.flush();
  }

  onHealthChange(listener: (health: StorageHealth) => void): void {
    this.store.onHealthChange(listener);
  }

  close(): Promise<void> {
    return this.store.close();
  }

  closeNow(): void {
    this.store.closeNow();
  }
}

for (const name of REPO_NAMES) {
  Object.defineProperty(BoundedStore.prototype, name, {
    get(this: BoundedStore) {
      return this.view[name];
    },
  });
}
