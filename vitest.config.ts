import { defineConfig } from 'vitest/config';
import { postgresForTests } from './test/support/pg-available.js';

/**
 * The end-to-end tests that run a second time on PostgreSQL: the journeys a person makes, and
 * the tests whose outcome depends on what the store does (versions, races, queries the store
 * answers in SQL, restarts, what is kept when a request is cut short). The rest check rules,
 * words and Slack or Twilio behaviour, which no store changes; running them twice finds nothing.
 * The store's own contract and property tests (test/store) and the replica tests
 * (test/replicas) cover PostgreSQL themselves, in `integration`.
 */
const ON_POSTGRES_TOO = [
  'test/e2e/register-paths.test.ts',
  'test/e2e/profile-edit.test.ts',
  'test/e2e/voice-call.test.ts',
  'test/e2e/codes-and-errors.test.ts',
  'test/e2e/customers-and-commands.test.ts',
  'test/e2e/abandon-saved-meanwhile.test.ts',
  'test/e2e/code-accepted-record-busy.test.ts',
  'test/e2e/customer-saved-during-create.test.ts',
  'test/e2e/create-outcome-kept.test.ts',
  'test/e2e/restart.test.ts',
  'test/e2e/outbox-reads.test.ts',
  'test/e2e/clock-step-back.test.ts',
  'test/e2e/seed-gaps.test.ts',
  'test/bulk/bulk-run.test.ts',
  'test/bulk/bulk-update.test.ts',
  'test/bulk/bulk-faults.test.ts',
  'test/bulk/preview-reads.test.ts',
  'test/watcher/poller.test.ts',
  'test/watcher/recheck-during-poll.test.ts',
  'test/watcher/restart.test.ts',
  'test/watcher/home-and-watch.test.ts',
  'test/watcher/home-reads.test.ts',
  'test/watcher/online-drop.test.ts',
  'test/watcher/storage-failure.test.ts',
  'test/numbers/search-and-buy.test.ts',
  'test/numbers/purchase-pending.test.ts',
  'test/onboarding/onboarding-link.test.ts',
  'test/onboarding/embedded-signup.test.ts',
  'test/onboarding/signup-checks.test.ts',
  'test/trust/uncertain-creates.test.ts',
  'test/trust/ack-deadline.test.ts',
  'test/trust/idempotency-and-secrets.test.ts',
  'test/ops/export.test.ts',
  'test/ops/metrics.test.ts',
  'test/e2e/meta-view.test.ts',
  'test/e2e/customer-meta-command.test.ts',
  'test/onboarding/signup-meta-access.test.ts',
];

/**
 * Tests that start the compiled bot as processes of its own and time what they do (pacing
 * between replicas, a SIGTERM's exit, a take-over after SIGKILL): they run last, one file at a
 * time, so the other files' load does not blur their clocks.
 */
const COMPILED_PROCESSES = ['test/process/**', 'test/ops/process-ops.test.ts', 'test/replicas/three-processes.test.ts'];

/**
 * Four projects: `unit` checks rules and builders in a second, with no build; `integration`
 * drives the real app on the data file; `processes` runs the compiled bot (both compile it
 * first); `integration-pg` runs the tests named above on PostgreSQL (TEST_STORE), each
 * harness in a fresh schema of the test database. `npm test` runs all four; `npm run
 * test:unit` only the first.
 *
 * The end-to-end tests mostly wait on sockets (the fake Slack, the Twilio simulator, the
 * database), so three files run at once even on two cores.
 */
export default defineConfig(async () => {
  const postgres = await postgresForTests();
  return {
    test: {
      testTimeout: 20_000,
      hookTimeout: 20_000,
      maxWorkers: 3,
      isolate: false,
      projects: [
        { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
        {
          extends: true,
          test: {
            name: 'integration',
            include: ['test/**/*.test.ts'],
            exclude: ['test/unit/**', ...COMPILED_PROCESSES],
            globalSetup: ['test/support/build.ts'],
          },
        },
        {
          extends: true,
          test: {
            name: 'processes',
            include: COMPILED_PROCESSES,
            maxWorkers: 1,
            isolate: true,
            sequence: { groupOrder: 1 },
            globalSetup: ['test/support/build.ts'],
          },
        },
        ...(postgres
          ? [
              {
                extends: true,
                test: {
                  name: 'integration-pg',
                  include: ON_POSTGRES_TOO,
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
