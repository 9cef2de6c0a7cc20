import { and, eq, inArray, sql, type Column, type SQL } from 'drizzle-orm';
import type { Database } from './database.ts';
import { inboxes, inboxMembers, inboxNumbers } from './schema/index.ts';
import { seesWholeOrg, type Scope } from './scope.ts';

export type InboxRow = typeof inboxes.$inferSelect;

/**
 * A personal inbox stays hidden from its members until a line is assigned to it; supervisors and admins
 * see it, marked hidden (docs/api.md, "Inboxes").
 */
export const isHidden = (inbox: { kind: InboxRow['kind'] }, numberCount: number) => inbox.kind === 'personal' && numberCount === 0;

// The same rule as a condition on the inboxes table, for the lists an agent sees.
const shownToMembers = sql`(${inboxes.kind} = 'shared' or exists (select 1 from ${inboxNumbers} where ${inboxNumbers.inboxId} = ${inboxes.id}))`;

/** The organization's inbox with this id. */
export async function findInbox(db: Database, orgId: string, inboxId: string): Promise<InboxRow | undefined> {
  const [inbox] = await db.select().from(inboxes).where(and(eq(inboxes.orgId, orgId), eq(inboxes.id, inboxId)));
  return inbox;
}

/**
 * The inbox, if the caller may see it: another organization's, one an agent is not a member of, and a hidden
 * personal inbox (for an agent) are not found.
 */
export async function findVisibleInbox(db: Database, scope: Scope, inboxId: string): Promise<InboxRow | undefined> {
  const inbox = await findInbox(db, scope.orgId, inboxId);
  if (!inbox || seesWholeOrg(scope)) return inbox;
  if (!scope.userId) return undefined;
  const [membership, numbers] = await Promise.all([
    db.select().from(inboxMembers).where(and(eq(inboxMembers.inboxId, inboxId), eq(inboxMembers.userId, scope.userId))),
    db.select({ e164: inboxNumbers.e164 }).from(inboxNumbers).where(eq(inboxNumbers.inboxId, inboxId)).limit(1),
  ]);
  return membership.length && !isHidden(inbox, numbers.length) ? inbox : undefined;
}

/** A condition on an inbox id column that keeps the inboxes the caller may see (none needed beyond the organization for supervisors). */
export function inVisibleInboxes(db: Database, scope: Scope, inboxId: Column): SQL | undefined {
  if (seesWholeOrg(scope)) return undefined;
  return inArray(inboxId, db.select({ id: inboxMembers.inboxId }).from(inboxMembers).innerJoin(inboxes, eq(inboxes.id, inboxMembers.inboxId))
    .where(and(eq(inboxMembers.userId, scope.userId ?? ''), shownToMembers)));
}
