import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { rowsOf } from '../../db/rows.ts';
import { migrateUpTo } from '../helpers/migrations-before.ts';

describe('the migration that keeps unread counts (0011)', () => {
  it('counts the unread items a database already holds, and keeps counting after it', async () => {
    const handle = await openDatabase({ memory: true });
    try {
      const { db } = handle;
      // A database as the versions before 0011 left it.
      await migrateUpTo(handle, (migration) => migration.tag === '0011_conversation_unread_counts');
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
