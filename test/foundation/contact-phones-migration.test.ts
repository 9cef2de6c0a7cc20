import { sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactIdForPhone } from '../../db/contacts.ts';
import { openDatabase, type DatabaseHandle } from '../../db/database.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { rowsOf } from '../../db/rows.ts';
import { migrateUpTo } from '../helpers/migrations-before.ts';

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
    await migrateUpTo(handle, (migration) => migration.sql.includes('CREATE TABLE "contact_phones"'));
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
