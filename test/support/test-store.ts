import type { Logger } from '../../src/logger.js';
import type { StoreOptions } from '../../src/store/db.js';
import { holdSchema, schemaForHarness, type TestSchema } from './pg-schema.js';

/** The stores the end-to-end suite runs against; TEST_STORE picks one (lowdb when unset). */
export type TestStoreKind = 'lowdb' | 'postgres';

export function testStoreKind(): TestStoreKind {
  const chosen = process.env.TEST_STORE?.trim() || 'lowdb';
  if (chosen !== 'lowdb' && chosen !== 'postgres') throw new Error(`TEST_STORE=${chosen}: use lowdb or postgres`);
  return chosen;
}

/** Tests about the data file itself (its bytes, its disk) have no PostgreSQL twin: `it.skipIf(onPostgres)`. */
export const onPostgres = testStoreKind() === 'postgres';

export interface HarnessStore {
  options: StoreOptions;
  /** The schema the bot runs on, when PostgreSQL. */
  database?: TestSchema;
  /** Called once the bot stopped: its schema may then be emptied for another test. */
  release(): void;
}

/**
 * The store options of one harness: the kind asked for (else PostgreSQL when restarting on an
 * earlier harness's schema, else TEST_STORE), with what it needs. lowdb needs nothing more (the
 * harness gives each bot its own data file). PostgreSQL gets an empty schema of the test
 * database, or the given one, and a small pool.
 */
export async function storeOptionsFor(options: StoreOptions = {}, database?: TestSchema, logger?: Logger): Promise<HarnessStore> {
  const kind = options.kind ?? (database ? 'postgres' : testStoreKind());
  if (kind === 'lowdb') return { options: { ...options, kind }, release: () => {} };
  const schema = database ?? (await schemaForHarness());
  return {
    options: { ...options, kind, databaseUrl: schema.url, postgres: { schema: schema.schema, max: 4, logger, ...options.postgres } },
    database: schema,
    release: holdSchema(schema.schema),
  };
}
