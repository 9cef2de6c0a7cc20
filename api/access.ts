import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { inboxes, inboxMembers } from '../db/schema/index.ts';
import type { OrgCaller } from './http/auth.ts';
import { notFound } from './http/problem.ts';

/** Agents see only the inboxes they are a member of; supervisors and admins see the whole organization. */
export const seesWholeOrg = (caller: OrgCaller) => caller.role !== 'agent';

/** The inbox, if the caller may see it; otherwise 404, whether or not it exists elsewhere. */
export async function visibleInbox(db: Database, caller: OrgCaller, inboxId: string) {
  const [inbox] = await db.select().from(inboxes).where(and(eq(inboxes.orgId, caller.orgId), eq(inboxes.id, inboxId)));
  if (!inbox) throw notFound('The inbox');
  if (seesWholeOrg(caller)) return inbox;
  const [membership] = caller.userId
    ? await db.select().from(inboxMembers).where(and(eq(inboxMembers.inboxId, inboxId), eq(inboxMembers.userId, caller.userId)))
    : [];
  if (!membership) throw notFound('The inbox');
  return inbox;
}
