import { defineConfig } from 'vitest/config';
import { postgresForTests } from './test/support/pg-available.js';

/**
 * Left out of the PostgreSQL run: tests of the compiled process (built by the data-file run; they
 * start it on a data file) and of the data file's own disk faults, which have no PostgreSQL twin.
 * Other data-file-only tests skip themselves there (test-store.ts onPostgres).
 */
const LOWDB_ONLY = ['test/process/**', 'test/ops/process-ops.test.ts', 'test/trust/storage-faults.test.ts'];

/**
 * Three projects: `unit` checks rules and builders in a second, with no build; `integration`
 * drives the real app on the data file (and, in test/process, the compiled bot), so it compiles
 * the bot first; `integration-pg` runs the same end-to-end tests on PostgreSQL (TEST_STORE),
 * each harness in a fresh schema of the test database. `npm test` runs all three; `npm run
 * test:unit` only the first. The store's own tests (test/store) run in `integration` and cover
 * both stores themselves; so do the replica tests (test/replicas), on PostgreSQL only.
 */
export default defineConfig(async () => {
  const postgres = await postgresForTests();
  return {
    test: {
      testTimeout: 20_000,
      hookTimeout: 20_000,
      projects: [
        { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
        {
          extends: true,
          test: {
            name: 'integration',
            include: ['test/**/*.test.ts'],
            exclude: ['test/unit/**'],
            globalSetup: ['test/support/build.ts'],
          },
        },
        ...(postgres
          ? [
              {
                extends: true,
                test: {
                  name: 'integration-pg',
                  include: ['test/**/*.test.ts'],
                  exclude: ['test/unit/**', 'test/store/**', 'test/replicas/**', ...LOWDB_ONLY],
                  env: { TEST_STORE: 'postgres', TEST_DATABASE_URL: postgres },
                  setupFiles: ['test/support/pg-setup.ts'],
                },
              },
            ]
          : []),
      ],
    },
  };
});
