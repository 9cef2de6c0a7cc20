import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactIdForPhone } from '../../db/contacts.ts';
import { openDatabase, type DatabaseHandle } from '../../db/database.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { rowsOf } from '../../db/rows.ts';

const migrations = fileURLToPath(new URL('../../db/migrations', import.meta.url));

/** A copy of the migrations folder that stops before the migration creating contact_phones. */
function migrationsBeforeContactPhones(): string {
  const journal = JSON.parse(readFileSync(join(migrations, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const first = journal.entries.findIndex((entry) => readFileSync(join(migrations, `${entry.tag}.sql`), 'utf8').includes('CREATE TABLE "contact_phones"'));
  expect(first).toBeGreaterThan(0);
  const folder = mkdtempSync(join(tmpdir(), 'switchboard-migrations-'));
  cpSync(migrations, folder, { recursive: true });
  writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, first) }));
  return folder;
}

// On PostgreSQL when DATABASE_URL names one (a database of this test's own), else on the embedded PGlite.
describe('the migration to several phones per contact', () => {
  let handle: DatabaseHandle;
  const adminUrl = process.env.DATABASE_URL;
  const name = `sb_contact_phones_${randomBytes(4).toString('hex')}`;
  const admin = adminUrl ? postgres(adminUrl, { max: 1, onnotice: () => {} }) : undefined;
  beforeAll(async () => {
    if (!admin) {
      handle = await openDatabase({ memory: true });
      return;
    }
    await admin.unsafe(`create database ${name}`);
    const url = new URL(adminUrl!);
    url.pathname = `/${name}`;
    handle = await openDatabase({ url: url.toString() }, { maxConnections: 1 });
  });
  afterAll(async () => {
    await handle?.close();
    await admin?.unsafe(`drop database if exists ${name} with (force)`);
    await admin?.end();
  });

  it("keeps every existing contact: its number becomes its phone, and calls from that number still thread to it", async () => {
    const folder = migrationsBeforeContactPhones();
    const run = handle.kind === 'pglite' ? migratePglite : migratePostgres;
    await run(handle.db as never, { migrationsFolder: folder });
    await handle.db.execute(sql`insert into organizations (id, name, timezone) values ('org_m', 'Before', 'UTC')`);
    await handle.db.execute(sql`insert into contacts (id, org_id, e164, name) values ('ctc_a', 'org_m', '+14155550001', 'Ann'), ('ctc_b', 'org_m', '+14155550002', null)`);

    await migrateDatabase(handle);
    const phones = rowsOf<{ contact_id: string; e164: string; position: number }>(
      await handle.db.execute(sql`select contact_id, e164, position from contact_phones order by contact_id`));
    expect(phones).toEqual([{ contact_id: 'ctc_a', e164: '+14155550001', position: 0 }, { contact_id: 'ctc_b', e164: '+14155550002', position: 0 }]);
    const columns = rowsOf<{ column_name: string }>(await handle.db.execute(sql`select column_name from information_schema.columns where table_name = 'contacts'`));
    expect(columns.map((c) => c.column_name)).not.toContain('e164');
    expect(await contactIdForPhone(handle.db, 'org_m', '+14155550001')).toBe('ctc_a');
  });
});
