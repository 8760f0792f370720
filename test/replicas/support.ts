import { afterAll, afterEach } from 'vitest';
import type { PostgresStore } from '../../src/store/postgres/store.js';
import type { Harness, HarnessOptions } from '../support/harness.js';
import { dropFreshSchemas, releaseHarnessSchemas, testDatabaseProblem } from '../support/pg-schema.js';

/** Why the replica tests cannot run here (no PostgreSQL), printed once; undefined when they can. */
export async function replicaTestsProblem(what: string): Promise<string | undefined> {
  const problem = await testDatabaseProblem();
  if (problem) console.warn(`${what} skipped: ${problem}`);
  return problem;
}

/** Replica tests run on PostgreSQL whatever TEST_STORE says; their schemas are emptied after each test and dropped after the file. */
export function onSharedDatabase(): void {
  afterEach(releaseHarnessSchemas);
  afterAll(dropFreshSchemas);
}

export const POSTGRES: HarnessOptions = { store: { kind: 'postgres' } };

/** Another replica of `first`: the same database, Twilio, Slack and clock. */
export const replicaOf = (first: Harness, options: HarnessOptions = {}): HarnessOptions => ({
  ...options,
  sim: first.sim,
  slack: first.slack,
  clock: first.clock,
  database: first.database,
  twilioSecrets: { mainAccountSid: first.mainAccountSid, authToken: first.authToken },
});

/** The database's lease table, as a replica sees it. */
export const leasesOf = (h: Harness) => (h.bot.store as PostgresStore).leases;

/** Polls this bot has run, as GET /metrics counts them. */
export async function pollsOf(h: Harness): Promise<number> {
  const text = await h.bot.metrics.registry.metrics();
  return Number(/^senders_bot_poll_duration_seconds_count (\d+)/m.exec(text)?.[1] ?? 0);
}
