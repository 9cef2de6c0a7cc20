import { defineConfig } from 'vitest/config';
import { POSTGRES_TAG, PostgresSkipsReporter } from './test/setup/postgres-skips-reporter.ts';

export default defineConfig({
  test: {
    // In CI a JSON report backs the closing "N passed, N failed" line that .ci/run prints. The last reporter
    // lists the PostgreSQL-only tests a run without DATABASE_URL skipped.
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: 'test-results.json' }], new PostgresSkipsReporter()]
      : ['default', new PostgresSkipsReporter()],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['domain/**/*.test.ts', 'infra/**/*.test.ts', 'api/**/*.test.ts', 'carriers/**/*.test.ts', 'eslint.config.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          tags: [{ name: POSTGRES_TAG, description: 'needs a PostgreSQL server (DATABASE_URL); skipped without one' }],
          // One Temporal dev server and one workflow bundle for the whole run.
          globalSetup: ['test/setup/global.ts'],
          // The Temporal SDK's native core is not meant for worker threads.
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
