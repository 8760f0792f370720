import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import type pg from 'pg';
import type { Logger } from '../../logger.js';

/** From src/store/postgres and from dist/store/postgres alike: the project's migrations folder. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));

/** Migrations of one schema share a lock; another schema's (another test run) never waits for it. */
const lockValueOf = (schema: string): number => {
  let hash = 7;
  for (const char of schema) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return hash;
};

/**
 * Brings the schema up to the newest migration. Replicas starting together wait on one advisory
 * lock and each migration is applied once; all pending ones go in one transaction.
 */
export async function migrateDatabase(pool: pg.Pool, schema: string, logger: Logger): Promise<string[]> {
  const client = await pool.connect();
  try {
    const applied = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      direction: 'up',
      migrationsTable: 'schema_migrations',
      schema,
      createSchema: true,
      checkOrder: true,
      singleTransaction: true,
      advisoryLockMode: 'wait',
      lockValue: lockValueOf(schema),
      logger: { debug: () => {}, info: () => {}, warn: (message: string) => logger.warn(message), error: (message: string) => logger.error(message) },
    });
    return applied.map((migration) => migration.name);
  } finally {
    client.release();
  }
}

/** The migrations in the folder that the schema has not recorded as applied (a cheap read: one small table). */
export async function pendingMigrations(pool: pg.Pool, schema: string): Promise<string[]> {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((file) => /\.(js|cjs|mjs|sql|ts)$/.test(file))
    .map((file) => file.replace(/\.[^.]+$/, ''));
  const { rows } = await pool.query<{ name: string }>(`SELECT name FROM "${schema.replace(/"/g, '""')}".schema_migrations`);
  const applied = new Set(rows.map((row) => row.name));
  return files.filter((name) => !applied.has(name));
}
