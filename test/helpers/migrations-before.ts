import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';

const migrations = fileURLToPath(new URL('../../db/migrations', import.meta.url));

/**
 * Migrates the database as far as the migration before the first one `isTarget` picks: a database as an earlier
 * version left it, for a test of what the picked migration does to data already there.
 */
export async function migrateUpTo(handle: DatabaseHandle, isTarget: (migration: { tag: string; sql: string }) => boolean): Promise<void> {
  const journal = JSON.parse(await readFile(join(migrations, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const sqlOf = await Promise.all(journal.entries.map((entry) => readFile(join(migrations, `${entry.tag}.sql`), 'utf8')));
  const first = journal.entries.findIndex((entry, i) => isTarget({ tag: entry.tag, sql: sqlOf[i]! }));
  expect(first).toBeGreaterThan(0);
  // A copy of the folder whose journal stops there: drizzle's migrator applies what the journal lists.
  const folder = await mkdtemp(join(tmpdir(), 'switchboard-migrations-'));
  try {
    await cp(migrations, folder, { recursive: true });
    await writeFile(join(folder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, first) }));
    const run = handle.kind === 'pglite' ? migratePglite : migratePostgres;
    await run(handle.db as never, { migrationsFolder: folder });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
