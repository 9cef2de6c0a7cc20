import { and, asc, eq } from 'drizzle-orm';
import type { Database } from './database.ts';
import { inboxes, inboxMembers, teamMembers, users } from './schema/index.ts';

/** What a person's or a team's daily figures cover: which inboxes, and who is in the agent table. */
export interface PeopleReportScope {
  inboxes: { id: string; name: string }[];
  agents: { userId: string; name: string }[];
}

/** A user's inboxes are those it is connected to: where it takes calls and answers messages. */
export async function userReportScope(db: Database, user: { id: string; name: string }): Promise<PeopleReportScope> {
  const rows = await db.select({ id: inboxes.id, name: inboxes.name }).from(inboxMembers).innerJoin(inboxes, eq(inboxes.id, inboxMembers.inboxId))
    .where(and(eq(inboxMembers.userId, user.id), eq(inboxMembers.role, 'connected'))).orderBy(asc(inboxes.createdAt), asc(inboxes.id));
  return { inboxes: rows, agents: [{ userId: user.id, name: user.name }] };
}

/** A team's inboxes are those linked to it; its members fill the agent table. */
export async function teamReportScope(db: Database, teamId: string): Promise<PeopleReportScope> {
  const [linked, members] = await Promise.all([
    db.select({ id: inboxes.id, name: inboxes.name }).from(inboxes).where(eq(inboxes.teamId, teamId)).orderBy(asc(inboxes.createdAt), asc(inboxes.id)),
    db.select({ userId: users.id, name: users.name }).from(teamMembers).innerJoin(users, eq(users.id, teamMembers.userId))
      .where(eq(teamMembers.teamId, teamId)).orderBy(asc(teamMembers.createdAt)),
  ]);
  return { inboxes: linked, agents: members };
}
