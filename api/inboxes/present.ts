import { asc, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { isHidden, type InboxRow } from '../../db/inboxes.ts';
import { inboxMembers, inboxNumbers, memberSources } from '../../db/schema/index.ts';
import { carrierNames } from '../../domain/carriers.ts';
import { timestamp } from '../schemas.ts';

export const inboxSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['personal', 'shared']),
    ownerUserId: z.string().nullable(),
    teamId: z.string().nullable(),
    timezone: z.string(),
    numbers: z.array(z.object({ e164: z.string(), primary: z.boolean(), carrier: z.enum(carrierNames), assignedAt: timestamp })),
    members: z.array(z.object({
      userId: z.string(), role: z.enum(['connected', 'watching']), position: z.number().int(),
      source: z.enum(memberSources).meta({ description: "team: a member of the inbox's team, kept in step with it; manual: added by an admin" }),
    })),
    hidden: z.boolean().meta({ description: 'A personal inbox without a number: hidden from its members until a line is assigned' }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Inbox' });

/** Inboxes with their numbers and members, two queries for any number of inboxes. */
export async function presentInboxes(db: Database, rows: InboxRow[]) {
  const ids = rows.map((r) => r.id);
  const [numbers, members] = ids.length
    ? await Promise.all([
        db.select().from(inboxNumbers).where(inArray(inboxNumbers.inboxId, ids)).orderBy(asc(inboxNumbers.assignedAt)),
        db.select().from(inboxMembers).where(inArray(inboxMembers.inboxId, ids)).orderBy(asc(inboxMembers.position), asc(inboxMembers.createdAt)),
      ])
    : [[], []];
  return rows.map((row) => {
    const own = numbers.filter((n) => n.inboxId === row.id);
    return {
      id: row.id, name: row.name, kind: row.kind, ownerUserId: row.ownerUserId, teamId: row.teamId, timezone: row.timezone,
      numbers: own.map((n) => ({ e164: n.e164, primary: n.primary, carrier: n.carrier, assignedAt: n.assignedAt.toISOString() })),
      members: members.filter((m) => m.inboxId === row.id).map((m) => ({ userId: m.userId, role: m.role, position: m.position, source: m.source })),
      hidden: isHidden(row, own.length),
      createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
    };
  });
}

export async function presentInbox(db: Database, row: InboxRow) {
  return (await presentInboxes(db, [row]))[0]!;
}
