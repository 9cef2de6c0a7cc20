import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { rowsOf } from '../../db/rows.ts';

const migrations = fileURLToPath(new URL('../../db/migrations', import.meta.url));
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('the migration that keeps unread counts (0011)', () => {
  it('counts the unread items a database already holds, and keeps counting after it', async () => {
    // The migrations up to 0010, as a database upgraded to this version has them.
    const before = await mkdtemp(join(tmpdir(), 'switchboard-migrations-'));
    dirs.push(before);
    await cp(migrations, before, { recursive: true });
    const journalPath = join(before, 'meta', '_journal.json');
    const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: { idx: number; tag: string }[] };
    const unreadCounts = journal.entries.find((entry) => entry.tag === '0011_conversation_unread_counts')!;
    journal.entries = journal.entries.filter((entry) => entry.idx < unreadCounts.idx);
    await writeFile(journalPath, JSON.stringify(journal));

    const handle = await openDatabase({ memory: true });
    try {
      const { db } = handle;
      await migrate(db as never, { migrationsFolder: before });
      await db.execute(sql`insert into organizations (id, name, timezone) values ('org_m', 'M', 'UTC')`);
      await db.execute(sql`insert into inboxes (id, org_id, name, kind, timezone) values ('inb_m', 'org_m', 'Main', 'shared', 'UTC')`);
      await db.execute(sql`insert into contacts (id, org_id) select 'ctc_m' || c, 'org_m' from generate_series(1, 3) c`);
      await db.execute(sql`insert into conversations (id, org_id, inbox_id, contact_id, last_activity_at) select 'cnv_m' || c, 'org_m', 'inb_m', 'ctc_m' || c, now() from generate_series(1, 3) c`);
      // Conversation c holds 4 items, of which the first c are read: 3, 2 and 1 unread.
      await db.execute(sql`
        insert into communications (id, org_id, inbox_id, conversation_id, kind, direction, external_id, status, from_e_164, to_e_164, occurred_at, read_at)
        select 'com_m' || c || '_' || i, 'org_m', 'inb_m', 'cnv_m' || c, 'message', 'inbound', 'SM' || c || '_' || i, 'received', '+15550001000', '+15550000000', now(),
               case when i <= c then now() end
        from generate_series(1, 3) c, generate_series(1, 4) i`);

      await migrateDatabase(handle);
      const counts = async () => rowsOf<{ conversation_id: string; unread: number }>(
        await db.execute(sql`select conversation_id, unread from conversation_unread_counts order by conversation_id`));
      expect(await counts()).toEqual([{ conversation_id: 'cnv_m1', unread: 3 }, { conversation_id: 'cnv_m2', unread: 2 }, { conversation_id: 'cnv_m3', unread: 1 }]);

      await db.execute(sql`update communications set read_at = now() where conversation_id = 'cnv_m1' and read_at is null`);
      await db.execute(sql`update communications set read_at = null where id = 'com_m3_1'`);
      expect(await counts()).toEqual([{ conversation_id: 'cnv_m1', unread: 0 }, { conversation_id: 'cnv_m2', unread: 2 }, { conversation_id: 'cnv_m3', unread: 2 }]);
    } finally {
      await handle.close();
    }
  });
});
