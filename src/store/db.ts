import { type Logger, silentLogger } from '../logger.js';
import type { LowdbStoreOptions } from './lowdb/lowdb-store.js';
import type { PostgresStoreOptions } from './postgres/store.js';
import type { Store } from './repositories.js';

export type { StorageHealth, Store } from './repositories.js';

export interface StoreOptions extends LowdbStoreOptions {
  /** Which store: the JSON data file (default) or PostgreSQL. */
  kind?: 'lowdb' | 'postgres';
  /** PostgreSQL's connection string (kind `postgres`). */
  databaseUrl?: string;
  /** PostgreSQL: the schema (default public), the pool size, and the logger told of broken connections. */
  postgres?: Partial<PostgresStoreOptions> & { logger?: Logger };
}

/**
 * Opens the store the settings choose: PostgreSQL, or else the data file. A store that cannot be
 * used stops the start (StoreStartError). Only the chosen store's code is loaded (the PostgreSQL
 * driver alone holds several MB).
 */
export async function openStore(file: string, options: StoreOptions = {}): Promise<Store> {
  if (options.kind === 'postgres' || (options.kind === undefined && options.databaseUrl)) {
    if (!options.databaseUrl) throw new Error('the PostgreSQL store needs a databaseUrl');
    const { openPostgresStore } = await import('./postgres/store.js');
    return openPostgresStore(options.databaseUrl, { retryMs: options.retryMs, ...options.postgres, logger: options.postgres?.logger ?? silentLogger });
  }
  const { openLowdbStore } = await import('./lowdb/lowdb-store.js');
  return openLowdbStore(file, options);
}
