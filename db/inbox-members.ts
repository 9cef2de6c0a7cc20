import { and, eq } from 'drizzle-orm';
import type { Database } from './database.ts';
import { inboxMembers } from './schema/index.ts';

export type InboxMemberRow = typeof inboxMembers.$inferSelect;

/** The user's membership of the inbox (connected or watching), if any. */
export async function findMembership(db: Database, inboxId: string, userId: string): Promise<InboxMemberRow | undefined> {
  const [member] = await db.select().from(inboxMembers).where(and(eq(inboxMembers.inboxId, inboxId), eq(inboxMembers.userId, userId)));
  return member;
}
