import { BoundedStore } from '../bounded-store.js';
import type { RequestDeadline } from '../deadline.js';
import type { AtomicallyOptions, Repos, StorageHealth, Store } from '../repositories.js';
import { LowdbAccounts } from './accounts.js';
import { LowdbBulkRuns } from './bulk-runs.js';
import { type ClaimTable, LowdbClaims } from './claims.js';
import { LowdbCustomers } from './customers.js';
import { type JsonDocument, type JsonDocumentOptions, openJsonDocument } from './json-document.js';
import { LowdbOutbox } from './outbox.js';
import { LowdbSenders } from './sender-repository.js';
import { SenderTable } from './sender-table.js';
import { LowdbAudit, LowdbChannelBindings, LowdbOnboardings, LowdbPendingPurchases, LowdbPendingSubaccounts, LowdbPollerState } from './small-collections.js';
import { boundedWrites, singleWrites, Transaction, type Unit } from './unit.js';

function reposOver(doc: JsonDocument, table: SenderTable, claims: ClaimTable, unit: Unit): Repos {
  return {
    senders: new LowdbSenders(doc, table, unit),
    customers: new LowdbCustomers(doc, unit),
    bulkRuns: new LowdbBulkRuns(doc, unit),
    outbox: new LowdbOutbox(doc, unit),
    audit: new LowdbAudit(doc, unit),
    channelBindings: new LowdbChannelBindings(doc, unit),
    accounts: new LowdbAccounts(doc, unit),
    onboardings: new LowdbOnboardings(doc, unit),
    pendingSubaccounts: new LowdbPendingSubaccounts(doc, unit),
    pendingPurchases: new LowdbPendingPurchases(doc, unit),
    poller: new LowdbPollerState(doc, unit),
    claims: new LowdbClaims(claims, unit),
  };
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
  private readonly claimTable: ClaimTable = new Map();

  constructor(private readonly doc: JsonDocument) {
    this.table = new SenderTable(doc);
    Object.assign(this, reposOver(doc, this.table, this.claimTable, singleWrites(doc)));
  }

  get location(): string {
    return this.doc.file;
  }

  get health(): StorageHealth {
    return this.doc.health;
  }

  bounded(deadline: RequestDeadline): Store {
    return new BoundedStore(this, reposOver(this.doc, this.table, this.claimTable, boundedWrites(this.doc, deadline)), deadline);
  }

  async atomically<T>(work: (tx: Repos) => Promise<T>, options: AtomicallyOptions = {}): Promise<T> {
    const { deadline } = options;
    // Work for a request whose time is up does not start: it could not be stored in time.
    if (deadline?.passed) await this.doc.write(undefined, deadline);
    const tx = new Transaction();
    let result: T;
    try {
      result = await work(reposOver(this.doc, this.table, this.claimTable, tx));
    } catch (error) {
      tx.rollBack();
      throw error;
    }
    const rollBack = tx.end();
    // Undone before any later write starts when this one fails (JsonDocument.write), unless kept
    // for the retry; always undone when it is not on the disk by the request's deadline.
    await this.doc.write(options.keepOnStorageError && !deadline ? undefined : rollBack, deadline);
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
