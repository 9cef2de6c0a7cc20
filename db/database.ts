import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

/** The one typed database interface the rest of the code sees, whichever driver is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** Where it lives, without credentials: safe to log. */
  description: string;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Runs fn while holding a lock that other processes sharing this database wait on. */
  withExclusiveLock<T>(key: number, fn: (db: Database) => Promise<T>): Promise<T>;
}

export type DatabaseTarget = { url: string } | { dataDir: string } | { memory: true };

export async function openDatabase(target: DatabaseTarget, options: { maxConnections?: number } = {}): Promise<DatabaseHandle> {
  if ('url' in target) return openPostgres(target.url, options.maxConnections ?? 10);
  return openPglite('dataDir' in target ? target.dataDir : undefined);
}

export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

async function openPostgres(url: string, max: number): Promise<DatabaseHandle> {
  const client = postgres(url, { max, onnotice: () => {}, connect_timeout: 10 });
  const db = drizzlePostgres(client, { schema, casing: 'snake_case' }) as unknown as Database;
  const handle: DatabaseHandle = {
    db,
    kind: 'postgres',
    description: redactUrl(url),
    ping: async () => void (await client`select 1`),
    close: () => client.end({ timeout: 5 }),
    async withExclusiveLock(key, fn) {
      // A dedicated connection holds the session-level advisory lock for the whole of fn.
      const lockClient = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await lockClient`select pg_advisory_lock(${key})`;
        return await fn(drizzlePostgres(lockClient, { schema, casing: 'snake_case' }) as unknown as Database);
      } finally {
        await lockClient`select pg_advisory_unlock(${key})`.catch(() => {});
        await lockClient.end({ timeout: 5 });
      }
    },
  };
  await handle.ping();
  return handle;
}

// PostgreSQL's default 128 MB of shared buffers is touched at start, inside the process (PGlite's WebAssembly
// memory): most of `switchboard dev`'s idle RSS. 16 MB is ample for one developer's data; RSS drops ~130 MB.
// Passed at start, not written to postgresql.conf, so an existing data directory is left as it is.
const pgliteOptions = { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'] };

async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const client = dataDir ? await PGlite.create(join(dataDir, 'pglite'), pgliteOptions) : await PGlite.create(pgliteOptions);
  const db = drizzlePglite(client, { schema, casing: 'snake_case' }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    description: dataDir ? `embedded PGlite in ${join(dataDir, 'pglite')}` : 'embedded PGlite in memory',
    ping: async () => void (await db.execute(sql`select 1`)),
    close: () => client.close(),
    // PGlite is a single connection owned by this process: nobody else can be migrating.
    withExclusiveLock: (_key, fn) => fn(db),
  };
}
