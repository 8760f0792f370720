import pg from 'pg';
import { silentLogger } from '../../src/logger.js';
import { quoteIdentifier } from '../../src/store/postgres/connection.js';
import { openPostgresStore } from '../../src/store/postgres/store.js';
import { faultSwitch } from '../support/pg-fault-switch.js';
import { dropFreshSchemas, freshSchema, TEST_DATABASE_URL, testDatabaseProblem } from '../support/pg-schema.js';
import type { StoreFactory } from './factories.js';

/** Schemas whose tables (and fault switch) exist, left by an earlier test: emptied, they serve the next one far faster than new ones. */
const idle: string[] = [];

async function emptied(admin: pg.Client, schema: string): Promise<void> {
  const { rows } = await admin.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename NOT IN ('schema_migrations', 'fault_switch')`,
    [schema],
  );
  const s = quoteIdentifier(schema);
  await admin.query(`${rows.map((row) => `DELETE FROM ${s}.${quoteIdentifier(row.tablename)};`).join(' ')} UPDATE ${s}.fault_switch SET failing = false;`);
}

export const postgresFactory: StoreFactory = {
  kind: 'postgres',
  unavailable: testDatabaseProblem,
  async open() {
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    const reused = idle.pop();
    const schema = reused ?? freshSchema('contract').schema;
    if (reused) await emptied(admin, reused);
    const store = await openPostgresStore(TEST_DATABASE_URL, { logger: silentLogger, schema, max: 2, retryMs: 60_000 });
    if (!reused) await admin.query(faultSwitch(schema));
    const flip = (failing: boolean) => admin.query(`UPDATE ${quoteIdentifier(schema)}.fault_switch SET failing = $1`, [failing]);
    // The contract flips the switch and goes straight on: every statement of the store waits for the flip first.
    let flipping: Promise<unknown> = Promise.resolve();
    const pool = (store as unknown as { pool: pg.Pool }).pool;
    const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
    const connect = pool.connect.bind(pool) as (...args: unknown[]) => Promise<pg.PoolClient>;
    Object.assign(pool, {
      query: (...args: unknown[]) => flipping.then(() => query(...args)),
      // pool.query itself connects with a callback: that call goes straight through.
      connect: (...args: unknown[]) => (args.length > 0 ? connect(...args) : flipping.then(() => connect())),
    });
    return {
      store,
      faults: {
        fail: () => {
          flipping = flipping.then(() => flip(true));
        },
        heal: () => {
          flipping = flipping.then(() => flip(false));
        },
      },
      async dispose() {
        await flipping.catch(() => undefined);
        await store.close();
        await admin.end();
        idle.push(schema);
      },
    };
  },
  /** Drops every schema the tests of this file used. */
  async release() {
    idle.length = 0;
    await dropFreshSchemas();
  },
};
