import { type LowdbStoreOptions, openLowdbStore } from './lowdb/lowdb-store.js';
import type { Store } from './repositories.js';

export type { StorageHealth, Store } from './repositories.js';

export interface StoreOptions extends LowdbStoreOptions {
  /** Which store: the JSON data file (default) or PostgreSQL. */
  kind?: 'lowdb' | 'postgres';
}

/** Opens the store the settings choose. A store that cannot be used stops the start (StoreStartError). */
export async function openStore(file: string, options: StoreOptions = {}): Promise<Store> {
  if (options.kind === 'postgres') throw new Error('the PostgreSQL store is not part of this build');
  return openLowdbStore(file, options);
}
