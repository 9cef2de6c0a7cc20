import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Database } from './database.ts';
import { newId } from './ids.ts';
import { communications, contactPhones, contacts, conversations, inboxMembers } from './schema/index.ts';

export type ConversationRow = typeof conversations.$inferSelect;

/** The organization's conversation with this id. */
export async function findConversation(db: Database, orgId: string, conversationId: string): Promise<ConversationRow | undefined> {
  const [conversation] = await db.select().from(conversations).where(and(eq(conversations.orgId, orgId), eq(conversations.id, conversationId)));
  return conversation;
}

/**
 * The contact's conversation in this inbox, created on first contact; its last activity moves forward only.
 * A new conversation starts assigned to the contact's owner when the owner is a connected user of the inbox.
 */
export async function openConversation(db: Database, key: { orgId: string; inboxId: string; contactId: string }, at: Date): Promise<ConversationRow> {
  const owner = sql`(select ${contacts.ownerUserId} from ${contacts} join ${inboxMembers} on ${inboxMembers.userId} = ${contacts.ownerUserId}
    where ${contacts.id} = ${key.contactId} and ${inboxMembers.inboxId} = ${key.inboxId} and ${inboxMembers.role} = 'connected')`;
  await db.insert(conversations).values({ id: newId('cnv'), ...key, assigneeUserId: owner, lastActivityAt: at })
    .onConflictDoUpdate({ target: [conversations.inboxId, conversations.contactId], set: { lastActivityAt: sql`greatest(${conversations.lastActivityAt}, excluded.last_activity_at)` } });
  const [conversation] = await db.select().from(conversations).where(and(eq(conversations.inboxId, key.inboxId), eq(conversations.contactId, key.contactId)));
  return conversation!;
}

/** The number that reaches the conversation's contact: the one its newest call or message used, else the contact's first phone. */
export async function conversationPhone(db: Database, conversation: Pick<ConversationRow, 'id' | 'contactId'>): Promise<string | undefined> {
  const [used] = await db.select({ phone: sql<string>`case when ${communications.direction} = 'inbound' then ${communications.fromE164} else ${communications.toE164} end` })
    .from(communications).where(eq(communications.conversationId, conversation.id)).orderBy(desc(communications.occurredAt), desc(communications.id)).limit(1);
  if (used) return used.phone;
  const [first] = await db.select({ phone: contactPhones.e164 }).from(contactPhones)
    .where(eq(contactPhones.contactId, conversation.contactId)).orderBy(asc(contactPhones.position)).limit(1);
  return first?.phone;
}
