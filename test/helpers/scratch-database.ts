import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { vi } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { migrateDatabase } from '../../db/migrate.ts';

export interface ScratchDatabase {
  url: string;
  /**
   * PostgreSQL's deadlock count for this database, once every other session has left it: a server process
   * adds its statistics to the shared counters when it exits, so close the stack's pool first.
   */
  deadlocks(): Promise<number>;
  drop(): Promise<void>;
}

/** A fresh, migrated database on DATABASE_URL's server, for a test whose per-database counters nobody else touches. */
export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const setup = await openDatabase({ url: url.toString() }, { maxConnections: 1 });
  await migrateDatabase(setup);
  await setup.close();
  const check = postgres(url.toString(), { max: 1, onnotice: () => {} });
  return {
    url: url.toString(),
    async deadlocks() {
      await vi.waitFor(async () => {
        const [others] = await check`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
        if (others!.n > 0) throw new Error(`${others!.n} other sessions still use ${name}`);
      }, { timeout: 15_000, interval: 100 });
      const [row] = await check`select deadlocks::int as n from pg_stat_database where datname = current_database()`;
      return row!.n;
    },
    async drop() {
      await check.end();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
