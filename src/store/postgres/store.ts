import type pg from 'pg';
import { type Logger, silentLogger } from '../../logger.js';
import { BoundedStore } from '../bounded-store.js';
import type { RequestDeadline } from '../deadline.js';
import type { AtomicallyOptions, Repos, StorageHealth, Store } from '../repositories.js';
import { StoreStartError } from '../start-errors.js';
import type { StorageError } from '../storage-error.js';
import { PgAccounts } from './accounts.js';
import { BoundedDb, inBoundedTransaction } from './bounded.js';
import { PgBulkRuns } from './bulk-runs.js';
import { PgClaims } from './claims.js';
import { PgCodeRequests } from './code-requests.js';
import { databaseLocation, holdConnection, openPool, type PoolSettings, schemaInUrl } from './connection.js';
import { PgCustomers } from './customers.js';
import { DatabaseStorageError } from './database-error.js';
import { type Db, type DbObserver, SqlDb } from './db.js';
import { PgLeases } from './leases.js';
import { PgMetaEvents } from './meta-events.js';
import { migrateDatabase, pendingMigrations } from './migrate.js';
import { PgOutbox } from './outbox.js';
import { PgSenders } from './senders.js';
import { PgSessionLocks } from './session-locks.js';
import { PgAudit, PgChannelBindings, PgOnboardings, PgPendingPurchases, PgPendingSubaccounts, PgPollerState } from './small-collections.js';

export interface PostgresStoreOptions extends PoolSettings {
  logger: Logger;
  /** How often a failing store tries writing again. */
  retryMs?: number;
}

const RETRY_MS = 5_000;

function reposOn(db: Db): Repos {
  return {
    senders: new PgSenders(db),
    customers: new PgCustomers(db),
    bulkRuns: new PgBulkRuns(db),
    outbox: new PgOutbox(db),
    audit: new PgAudit(db),
    channelBindings: new PgChannelBindings(db),
    accounts: new PgAccounts(db),
    onboardings: new PgOnboardings(db),
    pendingSubaccounts: new PgPendingSubaccounts(db),
    pendingPurchases: new PgPendingPurchases(db),
    poller: new PgPollerState(db),
    claims: new PgClaims(db),
    codeRequests: new PgCodeRequests(db),
    metaEvents: new PgMetaEvents(db),
  };
}

// The repositories are the fields of the store object itself (assigned in the constructor).
export interface PostgresStore extends Repos {}

/** The store on PostgreSQL: each write is its own statement (or one transaction in `atomically`), durable once it returns. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface only names the repositories Object.assign puts on the object
export class PostgresStore implements Store, DbObserver {
  readonly kind = 'postgres';
  /** Records read and written per batch: enough to keep round trips few, few enough to keep memory small. */
  readonly batchSize = 2_000;
  /** Work one replica does at a time (see leases.ts). */
  readonly leases: PgLeases;
  /** Work one replica does at a time and another takes over the moment the first dies (see session-locks.ts). */
  readonly locks: PgSessionLocks;
  private readonly db: SqlDb;
  private state: StorageHealth = { ok: true };
  private readonly listeners: ((health: StorageHealth) => void)[] = [];
  private retry?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    readonly location: string,
    private readonly retryMs: number,
    logger: Logger = silentLogger,
    private readonly schema = 'public',
    /** Lone reads of requests before their answer (bounded.ts readBy). */
    private readonly readPool: pg.Pool = pool,
  ) {
    this.db = new SqlDb(pool, location, this, false);
    Object.assign(this, reposOn(this.db));
    this.leases = new PgLeases(this.db);
    this.locks = new PgSessionLocks(pool, logger);
  }

  get health(): StorageHealth {
    return this.state;
  }

  onHealthChange(listener: (health: StorageHealth) => void): void {
    this.listeners.push(listener);
  }

  /** For /readyz: the migrations of this release the database has not applied (reading them also shows the database answers). */
  pendingMigrations(): Promise<string[]> {
    return pendingMigrations(this.pool, this.schema);
  }

  bounded(deadline: RequestDeadline): Store {
    const target = { pool: this.pool, readPool: this.readPool, location: this.location, observer: this };
    return new BoundedStore(this, reposOn(new BoundedDb(target, this.db, deadline)), deadline);
  }

  async atomically<T>(work: (tx: Repos) => Promise<T>, options: AtomicallyOptions = {}): Promise<T> {
    const { deadline } = options;
    if (deadline && deadline.remainingMs() !== Number.POSITIVE_INFINITY) {
      const target = { pool: this.pool, readPool: this.readPool, location: this.location, observer: this };
      const result = await inBoundedTransaction(target, deadline, (tx) => work(reposOn(tx)));
      this.wrote();
      return result;
    }
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.db.storageError(error);
    }
    const release = holdConnection(client);
    const tx = new SqlDb(client, this.location, this, true);
    let broken: Error | undefined;
    try {
      await tx.write('BEGIN');
      const result = await work(reposOn(tx));
      await tx.write('COMMIT');
      this.wrote();
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      tx.rolledBack();
      throw error;
    } finally {
      // A connection that could not even roll back is closed rather than handed to the next caller.
      release(broken);
    }
  }

  /** A write that returned is already durable. */
  async flush(): Promise<void> {}

  async close(): Promise<void> {
    this.stopRetrying();
    if (this.closed) return;
    this.closed = true;
    this.locks.close();
    await Promise.all(this.pools().map((pool) => pool.end()));
  }

  private pools(): pg.Pool[] {
    return this.readPool === this.pool ? [this.pool] : [this.pool, this.readPool];
  }

  closeNow(): void {
    this.stopRetrying();
    if (this.closed) return;
    this.closed = true;
    this.locks.close();
    for (const pool of this.pools()) void pool.end().catch(() => undefined);
  }

  wrote(): void {
    if (this.state.ok) return;
    this.stopRetrying();
    this.state = { ok: true };
    this.tell();
  }

  failed(problem: StorageError): void {
    if (!this.state.ok) {
      this.state = { ...this.state, problem };
      return;
    }
    this.state = { ok: false, problem, since: Date.now() };
    this.retry = setInterval(() => void this.probe(), this.retryMs);
    this.retry.unref();
    this.tell();
  }

  /** A small write: a server that reads but cannot write (disk full, read-only) is still failing. */
  private async probe(): Promise<void> {
    await this.db.write('INSERT INTO store_probe (at) VALUES (now()) ON CONFLICT (singleton) DO UPDATE SET at = EXCLUDED.at').catch(() => undefined);
  }

  private stopRetrying(): void {
    clearInterval(this.retry);
    this.retry = undefined;
  }

  private tell(): void {
    for (const listener of this.listeners) listener(this.state);
  }
}

/** Slack waits 3 s for an answer: a request's read still running after that is stopped by the server. */
const REQUEST_READ_MS = 3_000;
/** Connections for requests' reads before their answer, beside the pool's own (PoolSettings.max). */
const REQUEST_READ_CONNECTIONS = 4;

/** PostgreSQL cannot be used at start: unreachable, login refused, migrations failing. */
export class DatabaseStartError extends StoreStartError {
  constructor(problem: DatabaseStorageError) {
    const remedy = problem.remedy.charAt(0).toUpperCase() + problem.remedy.slice(1);
    super(`The bot cannot start: ${problem.plainCause}. ${remedy}, then start the bot again.`);
  }
}

/**
 * Connects to DATABASE_URL and brings its tables up to date (see migrate.ts) before the bot
 * takes any request; a database that cannot be used stops the start with one line saying why.
 */
export async function openPostgresStore(url: string, given: PostgresStoreOptions): Promise<PostgresStore> {
  const options = { ...given, schema: given.schema ?? schemaInUrl(url) };
  const pool = openPool(url, options.logger, options);
  try {
    const applied = await migrateDatabase(pool, options.schema ?? 'public', options.logger);
    if (applied.length > 0) options.logger.info('database migrated', { database: databaseLocation(url), migrations: applied });
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DatabaseStartError(error instanceof DatabaseStorageError ? error : new DatabaseStorageError(databaseLocation(url), error));
  }
  // Connections are opened when first needed.
  const readPool = openPool(url, options.logger, { ...options, max: REQUEST_READ_CONNECTIONS, statementMs: REQUEST_READ_MS });
  return new PostgresStore(pool, databaseLocation(url), options.retryMs ?? RETRY_MS, options.logger, options.schema ?? 'public', readPool);
}
