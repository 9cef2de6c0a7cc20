import { and, eq } from 'drizzle-orm';
import type { Database } from './database.ts';
import { inboxMembers } from './schema/index.ts';

/** Whether the user is a connected (not merely watching) user of the inbox. */
export async function isConnectedUser(db: Database, inboxId: string, userId: string): Promise<boolean> {
  const [member] = await db.select({ userId: inboxMembers.userId }).from(inboxMembers)
    .where(and(eq(inboxMembers.inboxId, inboxId), eq(inboxMembers.userId, userId), eq(inboxMembers.role, 'connected')));
  return member !== undefined;
}
