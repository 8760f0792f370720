import { readFile, writeFile } from 'node:fs/promises';
import pg from 'pg';
import { quoteIdentifier } from '../../src/store/postgres/connection.js';
import type { TestSchema } from './pg-schema.js';

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
export async function snapshotStore(where: { dataFile: string; database?: TestSchema }): Promise<StoreSnapshot> {
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

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
