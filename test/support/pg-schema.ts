import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { quoteIdentifier } from '../../src/store/postgres/connection.js';

/** The PostgreSQL server the tests use: CI's, at 127.0.0.1:5432 with trust auth. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export interface TestSchema {
  url: string;
  schema: string;
}

/** Every schema given out in this test file, to drop after it. */
const created = new Set<string>();
/** Schemas whose tables exist, used by no running bot any more: emptied, they serve the next harness. */
const idle: string[] = [];
/** Schemas handed to harnesses in the current test. */
const inUse = new Set<string>();
/** Bots running on each schema (a harness started in beforeAll outlives the test). */
const running = new Map<string, number>();

/** A bot runs on the schema until the returned function is called. */
export function holdSchema(schema: string): () => void {
  running.set(schema, (running.get(schema) ?? 0) + 1);
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    running.set(schema, (running.get(schema) ?? 1) - 1);
  };
}

/** A schema name nobody else uses; the store creates it and its tables when it opens. */
export function freshSchema(prefix = 't'): TestSchema {
  const schema = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  created.add(schema);
  return { url: TEST_DATABASE_URL, schema };
}

/**
 * An empty schema for one harness: one used in an earlier test of this file, its rows deleted
 * (making the tables anew takes far longer), or else a new one.
 */
export async function schemaForHarness(): Promise<TestSchema> {
  const reused = idle.pop();
  if (!reused) {
    const fresh = freshSchema();
    inUse.add(fresh.schema);
    return fresh;
  }
  await withClient(async (client) => {
    const { rows } = await client.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename <> 'schema_migrations'`, [
      reused,
    ]);
    const tables = rows.map((row) => `${quoteIdentifier(reused)}.${quoteIdentifier(row.tablename)}`);
    if (tables.length > 0) await client.query(tables.map((table) => `DELETE FROM ${table};`).join(' '));
  });
  inUse.add(reused);
  return { url: TEST_DATABASE_URL, schema: reused };
}

/** After a test, once its harnesses stopped: the schemas no bot runs on any more may serve the next test. */
export function releaseHarnessSchemas(): void {
  for (const schema of inUse) {
    if ((running.get(schema) ?? 0) > 0) continue;
    inUse.delete(schema);
    idle.push(schema);
  }
}

/** Drops every schema given out in this test file. */
export async function dropFreshSchemas(): Promise<void> {
  if (created.size === 0) return;
  await withClient(async (client) => {
    for (const schema of created) await client.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
  });
  created.clear();
  idle.length = 0;
  inUse.clear();
  running.clear();
}

/** Whether the test server answers; the message says how to get one when it does not. */
export async function testDatabaseProblem(): Promise<string | undefined> {
  try {
    await withClient((client) => client.query('SELECT 1'), 3_000);
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${TEST_DATABASE_URL} does not answer (${(error as Error).message}); start it (see .ci/run) or set TEST_DATABASE_URL`;
  }
}

async function withClient<T>(work: (client: pg.Client) => Promise<T>, connectMs = 5_000): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: connectMs });
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
