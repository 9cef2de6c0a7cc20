import type { Reporter, TestModule } from 'vitest/node';

/** The tag of tests that need a PostgreSQL server (DATABASE_URL) and are skipped without one. */
export const POSTGRES_TAG = 'postgres';

/**
 * Says at the end of a run which PostgreSQL-only tests were skipped and how to run them: otherwise a run
 * without DATABASE_URL looks complete while the crash and migration tests never ran.
 */
export class PostgresSkipsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    // With a database, a skipped test was filtered out (-t, a file list), not left without PostgreSQL.
    if (process.env.DATABASE_URL) return;
    const skipped = testModules.flatMap((module) =>
      [...module.children.allTests('skipped')].filter((test) => test.tags.includes(POSTGRES_TAG)).map((test) => `${module.relativeModuleId} > ${test.fullName}`));
    if (skipped.length === 0) return;
    const lines = [
      '',
      skipped.length === 1 ? 'Skipped 1 test that needs PostgreSQL (no DATABASE_URL):' : `Skipped ${skipped.length} tests that need PostgreSQL (no DATABASE_URL):`,
      ...skipped.map((name) => `  - ${name}`),
      'To run them, set DATABASE_URL=postgres://… to a database the tests may migrate and fill (its user needs CREATEDB):',
      '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/switchboard_test ./switchboard test',
      'or, with a Docker engine, let the run start one: SWITCHBOARD_TESTCONTAINERS=1 ./switchboard test',
      '',
    ];
    process.stdout.write(lines.join('\n'));
  }
}
