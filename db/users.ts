import { and, eq } from 'drizzle-orm';
import type { Database } from './database.ts';
import { users } from './schema/index.ts';
import type { Scope } from './scope.ts';

export type UserRow = typeof users.$inferSelect;

/** The organization's user with this id. */
export async function findUser(db: Database, orgId: string, userId: string): Promise<UserRow | undefined> {
  const [user] = await db.select().from(users).where(and(eq(users.orgId, orgId), eq(users.id, userId)));
  return user;
}

/** A user the caller may see: any in the organization, or only itself for an agent. */
export async function findVisibleUser(db: Database, scope: Scope, userId: string): Promise<UserRow | undefined> {
  if (scope.role === 'agent' && scope.userId !== userId) return undefined;
  return findUser(db, scope.orgId, userId);
}
