import type { Reporter, TestModule } from 'vitest/node';

/** The tag of tests that need a PostgreSQL server (DATABASE_URL) and are skipped without one. */
export const POSTGRES_TAG = 'postgres';

/**
 * Says at the end of a run which PostgreSQL-only tests were skipped and how to run them: otherwise a run
 * without DATABASE_URL looks complete while the crash and migration tests never ran.
 */
export class PostgresSkipsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const skipped = testModules.flatMap((module) =>
      [...module.children.allTests('skipped')].filter((test) => test.tags.includes(POSTGRES_TAG)).map((test) => `${module.relativeModuleId} > ${test.fullName}`));
    if (skipped.length === 0) return;
    const lines = [
      '',
      `Skipped ${skipped.length} test${skipped.length === 1 ? '' : 's'} that need PostgreSQL (no DATABASE_URL):`,
      ...skipped.map((name) => `  - ${name}`),
      'To run them, set DATABASE_URL=postgres://user@host:5432/database (an empty database the tests may migrate),',
      'e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/switchboard_test ./switchboard test',
      'or, with a Docker engine, SWITCHBOARD_TESTCONTAINERS=1 ./switchboard test.',
      '',
    ];
    process.stdout.write(lines.join('\n'));
  }
}
