import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runSwitchboard } from '../helpers/dev-process.ts';
import { POSTGRES_TAG } from '../setup/postgres-skips-reporter.ts';

const adminUrl = process.env.DATABASE_URL;

describe.skipIf(!adminUrl)('migrations on PostgreSQL', { tags: [POSTGRES_TAG] }, () => {
  it('two processes migrating a fresh database at once both succeed, and the schema is applied once', async () => {
    const name = `sb_migrate_${randomBytes(4).toString('hex')}`;
    const admin = postgres(adminUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(adminUrl!);
    url.pathname = `/${name}`;
    try {
      const env = { ...process.env, DATABASE_URL: url.toString(), LOG_FORMAT: 'json' };
      const runs = [runSwitchboard('migrate', env), runSwitchboard('migrate', env)];
      const codes = await Promise.all(runs.map((run) => run.exited));
      expect(codes, runs.map((run) => run.stderr()).join('\n')).toEqual([0, 0]);
      const check = postgres(url.toString(), { max: 1, onnotice: () => {} });
      const applied = await check`select count(*)::int as n from drizzle.__drizzle_migrations`;
      const tables = await check`select count(*)::int as n from information_schema.tables where table_schema = 'public'`;
      await check.end();
      expect(applied[0]!.n).toBeGreaterThan(0);
      expect(tables[0]!.n).toBeGreaterThanOrEqual(12);
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
