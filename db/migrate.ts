import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { fileURLToPath } from 'node:url';
import type { Database, DatabaseHandle } from './database.ts';

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
// Any fixed number: every Switchboard process takes the same advisory lock before migrating.
const MIGRATION_LOCK = 0x5b0a4d;

/** Applies committed migrations; safe when several processes start at once (they queue on a lock). */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  await handle.withExclusiveLock(MIGRATION_LOCK, async (db: Database) => {
    const run = handle.kind === 'pglite' ? migratePglite : migratePostgres;
    await run(db as never, { migrationsFolder });
  });
}
