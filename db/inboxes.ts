import { and, eq, inArray, type Column, type SQL } from 'drizzle-orm';
import type { Database } from './database.ts';
import { inboxes, inboxMembers } from './schema/index.ts';
import { seesWholeOrg, type Scope } from './scope.ts';

export type InboxRow = typeof inboxes.$inferSelect;

/** The organization's inbox with this id. */
export async function findInbox(db: Database, orgId: string, inboxId: string): Promise<InboxRow | undefined> {
  const [inbox] = await db.select().from(inboxes).where(and(eq(inboxes.orgId, orgId), eq(inboxes.id, inboxId)));
  return inbox;
}

/** The inbox, if the caller may see it: another organization's, or one an agent is not a member of, is not found. */
export async function findVisibleInbox(db: Database, scope: Scope, inboxId: string): Promise<InboxRow | undefined> {
  const inbox = await findInbox(db, scope.orgId, inboxId);
  if (!inbox || seesWholeOrg(scope)) return inbox;
  const [membership] = scope.userId
    ? await db.select().from(inboxMembers).where(and(eq(inboxMembers.inboxId, inboxId), eq(inboxMembers.userId, scope.userId)))
    : [];
  return membership ? inbox : undefined;
}

/** A condition on an inbox id column that keeps the inboxes the caller may see (none needed beyond the organization for supervisors). */
export function inVisibleInboxes(db: Database, scope: Scope, inboxId: Column): SQL | undefined {
  if (seesWholeOrg(scope)) return undefined;
  return inArray(inboxId, db.select({ id: inboxMembers.inboxId }).from(inboxMembers).where(eq(inboxMembers.userId, scope.userId ?? '')));
}
