import { type LowdbStoreOptions, openLowdbStore } from './lowdb/lowdb-store.js';
import { openPostgresStore, type PostgresStoreOptions } from './postgres/store.js';
import type { Store } from './repositories.js';

export type { StorageHealth, Store } from './repositories.js';

export interface StoreOptions extends LowdbStoreOptions {
  /** PostgreSQL instead of the data file: DATABASE_URL, and how to connect (the schema, the pool size, the logger). */
  postgres?: PostgresStoreOptions & { url: string };
}

/** Opens the store the settings choose. A store that cannot be used stops the start (StoreStartError). */
export async function openStore(file: string, options: StoreOptions = {}): Promise<Store> {
  if (options.postgres) return openPostgresStore(options.postgres.url, options.postgres);
  return openLowdbStore(file, options);
}
