import type { StoreOptions } from '../../src/store/db.js';

/** The stores the end-to-end suite runs against; TEST_STORE picks one (lowdb when unset). */
export type TestStoreKind = 'lowdb' | 'postgres';

export function testStoreKind(): TestStoreKind {
  const chosen = process.env.TEST_STORE?.trim() || 'lowdb';
  if (chosen !== 'lowdb' && chosen !== 'postgres') throw new Error(`TEST_STORE=${chosen}: use lowdb or postgres`);
  return chosen;
}

/**
 * The store options of one harness: the kind asked for (else TEST_STORE), with what it needs.
 * lowdb needs nothing more (the harness gives each bot its own data file). PostgreSQL gets a
 * fresh schema per harness; that branch belongs with the PostgreSQL store.
 */
export async function storeOptionsFor(options: StoreOptions = {}): Promise<StoreOptions> {
  const kind = options.kind ?? testStoreKind();
  if (kind === 'lowdb') return { ...options, kind };
  throw new Error('TEST_STORE=postgres: the PostgreSQL store is not part of this build');
}
