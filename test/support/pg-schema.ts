import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { quoteIdentifier } from '../../src/store/postgres/connection.js';

/** The PostgreSQL server the tests use: CI's, at 127.0.0.1:5432 with trust auth. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Which store the end-to-end tests run against (`TEST_STORE=postgres|lowdb`). */
export const TEST_STORE: 'postgres' | 'lowdb' = process.env.TEST_STORE === 'postgres' ? 'postgres' : 'lowdb';

export interface TestSchema {
  url: string;
  schema: string;
}

const created = new Set<string>();

/** A schema name nobody else uses; the store creates it and its tables when it opens. */
export function freshSchema(prefix = 't'): TestSchema {
  const schema = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  created.add(schema);
  return { url: TEST_DATABASE_URL, schema };
}

/** Drops every schema freshSchema gave out in this test file. */
export async function dropFreshSchemas(): Promise<void> {
  if (created.size === 0) return;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    for (const schema of created) await client.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
    created.clear();
  } finally {
    await client.end();
  }
}

/** Whether the test server answers; the message says how to get one when it does not. */
export async function testDatabaseProblem(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${TEST_DATABASE_URL} does not answer (${(error as Error).message}); start it (see .ci/run) or set TEST_DATABASE_URL`;
  } finally {
    await client.end().catch(() => undefined);
  }
}
