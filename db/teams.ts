import { and, eq } from 'drizzle-orm';
import type { Database } from './database.ts';
import { teams } from './schema/index.ts';

export type TeamRow = typeof teams.$inferSelect;

/** The organization's team with this id. */
export async function findTeam(db: Database, orgId: string, teamId: string): Promise<TeamRow | undefined> {
  const [team] = await db.select().from(teams).where(and(eq(teams.orgId, orgId), eq(teams.id, teamId)));
  return team;
}
