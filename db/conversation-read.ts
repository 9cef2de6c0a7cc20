import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from './database.ts';
import { communications, conversations } from './schema/index.ts';

/** The handle drizzle passes to a `db.transaction` callback. */
type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Locks the conversation's row until the transaction ends. Every transaction that marks a conversation read
 * takes this lock before it writes any item of the conversation (an answered call's single statement, in
 * activities/calls.ts, takes it in its first CTE): without it, two answered calls each held their own call's
 * row and waited for the other's (PostgreSQL deadlocks). "No key update" strength, so new items (whose foreign
 * key only share-locks the row) still arrive meanwhile.
 */
export async function lockConversation(tx: Transaction, conversationId: string): Promise<void> {
  await tx.select({ id: conversations.id }).from(conversations).where(eq(conversations.id, conversationId)).for('no key update');
}

/** Marks every unread item of the conversation read; the transaction must already hold lockConversation. */
export async function markUnreadItemsRead(tx: Transaction, conversationId: string, readBy: string, at = new Date()): Promise<number> {
  const marked = await tx.update(communications).set({ readAt: at, readBy })
    .where(and(eq(communications.conversationId, conversationId), isNull(communications.readAt))).returning({ id: communications.id });
  return marked.length;
}
