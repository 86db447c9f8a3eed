import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Whole `ledgerflow` processes (start, stop, crash, supervise): the slowest tier. */
const PROCESS_TESTS = [
  'apps/server/test/cli.test.ts',
  'apps/server/test/start-stop.test.ts',
  'apps/server/test/worker-process.test.ts',
  'apps/server/test/supervisor.test.ts',
];

/**
 * Three projects, so the pure tests run in seconds without a database:
 * - unit: tests beside the code (apps/server/src, packages/*): no PostgreSQL, no Redis, no global setup;
 * - integration: apps/server/test through app.inject(), jobs and the browser, on a cloned database each;
 * - process: real `ledgerflow` processes.
 * `npm test` runs all three; `npm run test:unit|test:integration|test:process` one each.
 */
export default defineConfig({
  resolve: {
    alias: {
      '@ledgerflow/contracts': fileURLToPath(new URL('./packages/contracts/src/index.ts', import.meta.url)),
    },
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['apps/server/src/**/*.test.ts', 'packages/*/src/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['apps/server/test/**/*.test.ts'],
          exclude: PROCESS_TESTS,
          // Integration tests share one PostgreSQL server (each file gets its own cloned database).
          globalSetup: ['apps/server/test/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'process', include: PROCESS_TESTS, globalSetup: ['apps/server/test/global-setup.ts'] },
      },
    ],
  },
});
