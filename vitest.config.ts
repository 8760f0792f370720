import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` checks rules and builders in a second, with no build; `integration` drives
 * the real app (and, in test/process, the compiled bot), so it compiles the bot first.
 * `npm test` runs both; `npm run test:unit` only the first.
 */
export default defineConfig({
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
    ],
  },
});
