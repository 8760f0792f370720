import { BoundedStore } from '../bounded-store.js';
import type { RequestDeadline } from '../deadline.js';
import { lazyRepos, REPO_NAMES } from '../lazy-repos.js';
import type { AtomicallyOptions, Repos, StorageHealth, Store } from '../repositories.js';
import { LowdbAccounts } from './accounts.js';
import { LowdbBulkRuns } from './bulk-runs.js';
import { type ClaimTable, LowdbClaims } from './claims.js';
import { LowdbCodeRequests } from './code-requests.js';
import { LowdbCustomers } from './customers.js';
import { type JsonDocument, type JsonDocumentOptions, openJsonDocument } from './json-document.js';
import { LowdbMetaEvents } from './meta-events.js';
import { LowdbOutbox } from './outbox.js';
import { LowdbSenders } from './sender-repository.js';
import { SenderTable } from './sender-table.js';
import { LowdbAudit, LowdbChannelBindings, LowdbOnboardings, LowdbPendingPurchases, LowdbPendingSubaccounts, LowdbPollerState } from './small-collections.js';
import { Transaction, type Unit } from './unit.js';

type RepoBuilders = { [K in keyof Repos]: (unit: Unit) => Repos[K] };

function buildersOver(doc: JsonDocument, table: SenderTable, claims: ClaimTable): RepoBuilders {
  return {
    senders: (unit) => new LowdbSenders(doc, table, unit),
    customers: (unit) => new LowdbCustomers(doc, unit),
    bulkRuns: (unit) => new LowdbBulkRuns(doc, unit),
    outbox: (unit) => new LowdbOutbox(doc, unit),
    audit: (unit) => new LowdbAudit(doc, unit),
    channelBindings: (unit) => new LowdbChannelBindings(doc, unit),
    accounts: (unit) => new LowdbAccounts(doc, unit),
    onboardings: (unit) => new LowdbOnboardings(doc, unit),
    pendingSubaccounts: (unit) => new LowdbPendingSubaccounts(doc, unit),
    pendingPurchases: (unit) => new LowdbPendingPurchases(doc, unit),
    poller: (unit) => new LowdbPollerState(doc, unit),
    claims: (unit) => new LowdbClaims(claims, unit),
    codeRequests: (unit) => new LowdbCodeRequests(doc, unit),
    metaEvents: (unit) => new LowdbMetaEvents(doc, unit),
  };
}

function reposOver(builders: RepoBuilders, unit: Unit): Repos {
  const repos: Partial<Record<keyof Repos, unknown>> = {};
  for (const name of Object.keys(builders) as (keyof Repos)[]) repos[name] = builders[name](unit);
  return repos as Repos;
}

/**
 * A repository whose every method call is a transaction of its own (see Unit): a write that
 * fails is taken back before any later write starts, exactly as `atomically`'s are.
 */
function singleWriteRepo<R extends object>(build: (unit: Unit) => R, run: <T>(work: (unit: Transaction) => Promise<T>) => Promise<T>): R {
  const shape = build(new Transaction());
  return new Proxy(shape, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      // The method found (a test may have replaced it) runs on a repository over this call's own transaction.
      return (...args: unknown[]) => run((unit) => (value as (...a: unknown[]) => Promise<unknown>).apply(build(unit), args));
    },
  });
}

// The repositories are the fields of the store object itself (assigned in the constructor).
export interface LowdbStore extends Repos {}

/** The embedded store: the whole data in memory, written to one JSON file (see JsonDocument). */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface only names the repositories Object.assign puts on the object
export class LowdbStore implements Store {
  readonly kind = 'lowdb';
  /** The file is written whole whatever changed: one batch of everything is cheapest. */
  readonly batchSize = Number.POSITIVE_INFINITY;
  private readonly table: SenderTable;
  private readonly builders: RepoBuilders;

  constructor(private readonly doc: JsonDocument) {
    this.table = new SenderTable(doc);
    this.builders = buildersOver(doc, this.table, new Map());
    const repos = this.singleWriteRepos();
    for (const name of REPO_NAMES) Object.assign(this, { [name]: repos[name] });
  }

  get location(): string {
    return this.doc.file;
  }

  get health(): StorageHealth {
    return this.doc.health;
  }

  bounded(deadline: RequestDeadline): Store {
    return new BoundedStore(this, this.singleWriteRepos(deadline), deadline);
  }

  atomically<T>(work: (tx: Repos) => Promise<T>, options: AtomicallyOptions = {}): Promise<T> {
    return this.inTransaction((unit) => work(reposOver(this.builders, unit)), options.deadline);
  }

  /** Repositories whose every method call is a transaction of its own, bounded by `deadline` when given. */
  private singleWriteRepos(deadline?: RequestDeadline): Repos {
    const run = <T>(work: (unit: Transaction) => Promise<T>) => this.inTransaction(work, deadline);
    return lazyRepos((name) => singleWriteRepo(this.builders[name] as (unit: Unit) => object, run) as Repos[typeof name]);
  }

  private async inTransaction<T>(work: (unit: Transaction) => Promise<T>, deadline?: RequestDeadline): Promise<T> {
    // Work for a request whose time is up does not start: it could not be stored in time.
    if (deadline?.passed) await this.doc.write(undefined, deadline);
    const tx = new Transaction();
    let result: T;
    try {
      result = await work(tx);
    } catch (error) {
      tx.rollBack();
      throw error;
    }
    if (!tx.changed) {
      tx.end();
      return result;
    }
    // Taken back before any later write starts when this one fails, and when it is not on the
    // disk by the request's deadline (JsonDocument.write).
    await this.doc.write(tx.end(), deadline);
    return result;
  }

  flush(): Promise<void> {
    return this.doc.write();
  }

  onHealthChange(listener: (health: StorageHealth) => void): void {
    this.doc.onHealthChange(listener);
  }

  close(): Promise<void> {
    return this.doc.close();
  }

  closeNow(): void {
    this.doc.closeNow();
  }
}

export type LowdbStoreOptions = JsonDocumentOptions;

/** The store over a document already open (tests give one held in memory). */
export const lowdbStoreOver = (doc: JsonDocument): Store => new LowdbStore(doc);

/** Opens the data file for this process alone, migrating it if it is older (see openJsonDocument). */
export async function openLowdbStore(file: string, options: LowdbStoreOptions = {}): Promise<Store> {
  return new LowdbStore(await openJsonDocument(file, options));
}
