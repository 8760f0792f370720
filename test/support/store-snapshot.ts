import { readFile, writeFile } from 'node:fs/promises';
import pg from 'pg';
import { silentLogger } from '../../src/logger.js';
import { openLowdbStore } from '../../src/store/lowdb/lowdb-store.js';
import { quoteIdentifier } from '../../src/store/postgres/connection.js';
import type { PgOutbox } from '../../src/store/postgres/outbox.js';
import { openPostgresStore } from '../../src/store/postgres/store.js';
import type { Store } from '../../src/store/repositories.js';
import type { OutboxItem, SenderRecord } from '../../src/store/schema.js';
import type { TestSchema } from './pg-schema.js';

/** Where a harness's bot keeps its data (a Harness will do). */
export interface StoredAt {
  dataFile: string;
  database?: TestSchema;
}

/** The bot's tables, children before what they refer to (no foreign keys today, but kept in that order). */
const TABLES = [
  'senders',
  'customers',
  'bulk_runs',
  'outbox',
  'undelivered',
  'audit',
  'channel_bindings',
  'accounts',
  'onboardings',
  'pending_subaccounts',
  'pending_purchases',
  'poller_state',
  'leases',
];

/** What the store held at one moment; `restore` puts exactly that back (the bot stopped), as after a crash at that moment. */
export interface StoreSnapshot {
  restore(): Promise<void>;
}

/**
 * Takes what is stored right now, on either store: the data file's bytes, or every table's rows.
 * For tests that crash a bot at a moment and restart it on what was stored then.
 */
export async function snapshotStore(where: StoredAt): Promise<StoreSnapshot> {
  if (!where.database) {
    const bytes = await readFile(where.dataFile);
    return { restore: () => writeFile(where.dataFile, bytes) };
  }
  const { url, schema } = where.database;
  const rows = await withClient(url, async (client) => {
    const taken = new Map<string, unknown[]>();
    for (const table of TABLES) taken.set(table, (await client.query(`SELECT * FROM ${quoteIdentifier(schema)}.${table}`)).rows);
    return taken;
  });
  return {
    restore: () =>
      withClient(url, async (client) => {
        await client.query('BEGIN');
        for (const table of TABLES) {
          const name = `${quoteIdentifier(schema)}.${table}`;
          await client.query(`TRUNCATE ${name}`);
          await client.query(`INSERT INTO ${name} OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_recordset(NULL::${name}, $1::json)`, [
            JSON.stringify(rows.get(table)),
          ]);
        }
        await client.query('COMMIT');
      }),
  };
}

/** Everything stored, as text, read from the disk or the database rather than from the bot: for checks that no secret was stored. */
export async function storedText(where: StoredAt): Promise<string> {
  if (!where.database) return readFile(where.dataFile, 'utf8');
  const { url, schema } = where.database;
  return withClient(url, async (client) => {
    const tables: unknown[] = [];
    for (const table of TABLES) tables.push((await client.query(`SELECT * FROM ${quoteIdentifier(schema)}.${table}`)).rows);
    return JSON.stringify(tables);
  });
}

/** The senders as stored durably right now (the file on disk, or the committed rows), while the bot may still run. */
export async function durableSenders(where: StoredAt): Promise<SenderRecord[]> {
  if (!where.database) return JSON.parse(await readFile(where.dataFile, 'utf8')).senders;
  const { url, schema } = where.database;
  return withClient(url, async (client) => (await client.query(`SELECT doc FROM ${quoteIdentifier(schema)}.senders ORDER BY seq`)).rows.map((row) => row.doc));
}

/** Puts outbox items back exactly as given (ids and all) into a stopped bot's store, after those waiting: as a crash could have left them. */
export async function putBackOutbox(where: StoredAt, items: OutboxItem[]): Promise<void> {
  if (!where.database) {
    const data = JSON.parse(await readFile(where.dataFile, 'utf8'));
    data.outbox.push(...items);
    await writeFile(where.dataFile, JSON.stringify(data));
    return;
  }
  await withStoreOf(where, async (store) => {
    for (const item of items) await (store.outbox as PgOutbox).insertAsIs(item);
  });
}

/** Opens the store of a stopped bot, for a test that changes what it left behind (as a crash would have left it). */
export async function withStoreOf<T>(where: StoredAt, work: (store: Store) => Promise<T>): Promise<T> {
  const store = where.database
    ? await openPostgresStore(where.database.url, { logger: silentLogger, schema: where.database.schema, max: 2 })
    : await openLowdbStore(where.dataFile);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
