import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import type { HeldLease } from '../../src/store/postgres/leases.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/store.js';
import { dropFreshSchemas, freshSchema, TEST_DATABASE_URL, testDatabaseProblem } from '../support/pg-schema.js';
import { until } from '../support/until.js';

const problem = await testDatabaseProblem();
if (problem) console.warn(`PostgreSQL lease tests skipped: ${problem}`);

const opened: PostgresStore[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});
afterAll(dropFreshSchemas);

/** Three replicas on one database. */
async function replicas(): Promise<PostgresStore[]> {
  const { schema } = freshSchema();
  const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(TEST_DATABASE_URL, { logger: silentLogger, schema, max: 2 })));
  opened.push(...stores);
  return stores;
}

const MINUTE = 60_000;

describe.skipIf(problem)('leases', () => {
  it('go to exactly one of several replicas asking at once, and stay with it while it renews', async () => {
    const stores = await replicas();
    const taken = await Promise.all(stores.map((store, i) => store.leases.take('poll', `replica-${i}`, MINUTE)));
    const holders = taken.filter((lease): lease is HeldLease => lease !== undefined);
    expect(holders).toHaveLength(1);
    const lease = holders[0]!;
    const holderStore = stores[taken.indexOf(lease)]!;
    const other = stores.find((store) => store !== holderStore)!;

    expect(await other.leases.take('poll', 'someone-else', MINUTE)).toBeUndefined();
    const renewed = await holderStore.leases.renew(lease, MINUTE);
    expect(renewed?.token).toBe(lease.token);
    expect(await other.leases.stillHeld(lease)).toBe(true);
    // Taking it again while holding it renews it: same token.
    expect((await holderStore.leases.take('poll', lease.holder, MINUTE))?.token).toBe(lease.token);
  });

  it('is taken over once its holder stops renewing, with a larger token; the old holder finds it lost', async () => {
    const [a, b] = await replicas();
    const first = (await a!.leases.take('poll', 'replica-a', 300))!;
    // The holder died: it renews no more. The other replica keeps trying, as its poll timer would.
    let second: HeldLease | undefined;
    const takeOver = async () => {
      second = await b!.leases.take('poll', 'replica-b', MINUTE);
      return second !== undefined;
    };
    await until(takeOver, 5_000, 'the lease to be taken over');
    expect(second!.token).toBeGreaterThan(first.token);
    expect(await a!.leases.renew(first, MINUTE)).toBeUndefined();
    expect(await a!.leases.stillHeld(first)).toBe(false);
    expect(await a!.leases.stillHeld(second!)).toBe(true);
  });

  it('is free at once after a clean release, and never gives a token out twice', async () => {
    const [a, b] = await replicas();
    const tokens: number[] = [];
    for (const [store, holder] of [
      [a!, 'replica-a'],
      [b!, 'replica-b'],
      [a!, 'replica-a'],
    ] as const) {
      const lease = (await store.leases.take('poll', holder, MINUTE))!;
      tokens.push(lease.token);
      await store.leases.release(lease);
      expect(await store.leases.stillHeld(lease)).toBe(false);
    }
    expect(new Set(tokens).size).toBe(3);
    expect([...tokens].sort((x, y) => x - y)).toEqual(tokens);
  });
});
