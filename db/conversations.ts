import { and, eq } from 'drizzle-orm';
import type { Database } from './database.ts';
import { conversations } from './schema/index.ts';

export type ConversationRow = typeof conversations.$inferSelect;

/** The organization's conversation with this id. */
export async function findConversation(db: Database, orgId: string, conversationId: string): Promise<ConversationRow | undefined> {
  const [conversation] = await db.select().from(conversations).where(and(eq(conversations.orgId, orgId), eq(conversations.id, conversationId)));
  return conversation;
}
