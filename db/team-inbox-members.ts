import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from './database.ts';
import { inboxes, inboxMembers } from './schema/index.ts';

// A shared inbox linked to a team has the team's members as connected users (docs/api.md, "Inboxes"). These
// keep the "team" memberships in step with the team; "manual" memberships, watchers above all, are never
// touched, and a user who already has one keeps it as it is.

/** Makes the inbox's team memberships those of its team (none when it has no team), after a link or unlink. */
export async function syncInboxWithTeam(tx: Database, inbox: { id: string; orgId: string; teamId: string | null }): Promise<void> {
  await tx.delete(inboxMembers).where(and(eq(inboxMembers.inboxId, inbox.id), eq(inboxMembers.source, 'team')));
  if (!inbox.teamId) return;
  await tx.execute(sql`
    insert into inbox_members (inbox_id, user_id, org_id, role, position, source)
    select ${inbox.id}, tm.user_id, ${inbox.orgId}, 'connected', 0, 'team' from team_members tm where tm.team_id = ${inbox.teamId}
    on conflict (inbox_id, user_id) do nothing`);
}

/** A user joined the team: it becomes a connected user of every inbox linked to the team. */
export async function addTeamMemberToInboxes(tx: Database, teamId: string, userId: string): Promise<void> {
  await tx.execute(sql`
    insert into inbox_members (inbox_id, user_id, org_id, role, position, source)
    select i.id, ${userId}, i.org_id, 'connected', 0, 'team' from inboxes i where i.team_id = ${teamId}
    on conflict (inbox_id, user_id) do nothing`);
}

/** A user left the team: its team memberships of the team's inboxes go. */
export async function removeTeamMemberFromInboxes(tx: Database, teamId: string, userId: string): Promise<void> {
  await tx.delete(inboxMembers).where(and(
    eq(inboxMembers.userId, userId), eq(inboxMembers.source, 'team'),
    inArray(inboxMembers.inboxId, tx.select({ id: inboxes.id }).from(inboxes).where(eq(inboxes.teamId, teamId))),
  ));
}

/** The team is going: its inboxes lose their link and their team memberships. Answers the inboxes unlinked. */
export async function unlinkTeamInboxes(tx: Database, teamId: string): Promise<string[]> {
  const linked = await tx.select({ id: inboxes.id }).from(inboxes).where(eq(inboxes.teamId, teamId));
  for (const { id } of linked) {
    await tx.delete(inboxMembers).where(and(eq(inboxMembers.inboxId, id), eq(inboxMembers.source, 'team')));
  }
  if (linked.length) await tx.update(inboxes).set({ teamId: null, updatedAt: new Date() }).where(eq(inboxes.teamId, teamId));
  return linked.map((i) => i.id);
}
