import { asc, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import type { inboxes} from '../../db/schema/index.ts';
import { inboxMembers, inboxNumbers } from '../../db/schema/index.ts';
import { timestamp } from '../schemas.ts';

export const inboxSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['personal', 'shared']),
    ownerUserId: z.string().nullable(),
    teamId: z.string().nullable(),
    timezone: z.string(),
    numbers: z.array(z.object({ e164: z.string(), primary: z.boolean(), assignedAt: timestamp })),
    members: z.array(z.object({ userId: z.string(), role: z.enum(['connected', 'watching']), position: z.number().int() })),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Inbox' });

type InboxRow = typeof inboxes.$inferSelect;

/** Inboxes with their numbers and members, two queries for any number of inboxes. */
export async function presentInboxes(db: Database, rows: InboxRow[]) {
  const ids = rows.map((r) => r.id);
  const [numbers, members] = ids.length
    ? await Promise.all([
        db.select().from(inboxNumbers).where(inArray(inboxNumbers.inboxId, ids)).orderBy(asc(inboxNumbers.assignedAt)),
        db.select().from(inboxMembers).where(inArray(inboxMembers.inboxId, ids)).orderBy(asc(inboxMembers.position), asc(inboxMembers.createdAt)),
      ])
    : [[], []];
  return rows.map((row) => ({
    id: row.id, name: row.name, kind: row.kind, ownerUserId: row.ownerUserId, teamId: row.teamId, timezone: row.timezone,
    numbers: numbers.filter((n) => n.inboxId === row.id).map((n) => ({ e164: n.e164, primary: n.primary, assignedAt: n.assignedAt.toISOString() })),
    members: members.filter((m) => m.inboxId === row.id).map((m) => ({ userId: m.userId, role: m.role, position: m.position })),
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
  }));
}

export async function presentInbox(db: Database, row: InboxRow) {
  return (await presentInboxes(db, [row]))[0]!;
}
