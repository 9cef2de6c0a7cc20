import { and, eq, inArray, or } from 'drizzle-orm';
import type { RecipientGroup } from '../domain/policies/reports.ts';
import type { Database } from './database.ts';
import type { Recipient } from './email-deliveries.ts';
import { inboxes, inboxMembers, teamMembers, users } from './schema/index.ts';

/** The inbox's watching users. */
export async function inboxWatchers(db: Database, inboxId: string): Promise<Recipient[]> {
  return db.select({ userId: users.id, name: users.name, email: users.email }).from(inboxMembers)
    .innerJoin(users, eq(users.id, inboxMembers.userId))
    .where(and(eq(inboxMembers.inboxId, inboxId), eq(inboxMembers.role, 'watching')))
    .orderBy(users.id);
}

/** The users in the report's recipient groups, each once, resolved now (membership changes apply to the next report). */
export async function reportRecipients(db: Database, inboxId: string, groups: readonly RecipientGroup[]): Promise<Recipient[]> {
  const [inbox] = await db.select({ teamId: inboxes.teamId }).from(inboxes).where(eq(inboxes.id, inboxId));
  if (!inbox) return [];
  const memberRoles = (['connected', 'watching'] as const).filter((role) => groups.includes(role));
  const teamRoles = ([['team_supervisors', 'supervisor'], ['team_members', 'member']] as const).filter(([group]) => groups.includes(group)).map(([, role]) => role);
  const found: Recipient[] = [];
  const columns = { userId: users.id, name: users.name, email: users.email };
  if (memberRoles.length) {
    found.push(...await db.select(columns).from(inboxMembers).innerJoin(users, eq(users.id, inboxMembers.userId))
      .where(and(eq(inboxMembers.inboxId, inboxId), inArray(inboxMembers.role, memberRoles))));
  }
  if (teamRoles.length && inbox.teamId) {
    found.push(...await db.select(columns).from(teamMembers).innerJoin(users, eq(users.id, teamMembers.userId))
      .where(and(eq(teamMembers.teamId, inbox.teamId), or(...teamRoles.map((role) => eq(teamMembers.role, role))))));
  }
  const unique = new Map(found.map((r) => [r.userId, r]));
  return [...unique.values()].sort((a, b) => a.userId.localeCompare(b.userId));
}
