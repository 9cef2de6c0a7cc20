import { z } from 'zod';
import { contactsOfConversations, phonesOf } from '../../db/contacts.ts';
import type { ConversationRow } from '../../db/conversations.ts';
import type { Database } from '../../db/database.ts';
import { contactRefSchema, feedItemSchema, otherParty, presentItem } from '../feed/present.ts';
import { conversationHeads, unreadCounts } from '../feed/queries.ts';
import { timestamp } from '../schemas.ts';

export const conversationSchema = z
  .object({
    id: z.string(), inboxId: z.string(), contact: contactRefSchema, assigneeUserId: z.string().nullable(),
    unreadCount: z.number().int(), lastActivityAt: timestamp, activeCall: feedItemSchema.nullable(), createdAt: timestamp,
  })
  .meta({ id: 'Conversation' });

/**
 * Conversations as the API shows them, a fixed number of queries for any number of them. The contact's phone
 * is the one its newest call or message used, else the contact's first phone.
 */
export async function presentConversations(db: Database, rows: ConversationRow[]) {
  const ids = rows.map((row) => row.id);
  const [heads, unread, contacts, phones] = await Promise.all([
    conversationHeads(db, ids), unreadCounts(db, ids), contactsOfConversations(db, ids), phonesOf(db, [...new Set(rows.map((row) => row.contactId))]),
  ]);
  return rows.map((row) => {
    const head = heads.last.get(row.id);
    const call = heads.activeCall.get(row.id);
    const contact = contacts.get(row.id)!;
    return {
      id: row.id, inboxId: row.inboxId, contact: { ...contact, phone: head ? otherParty(head) : phones.get(row.contactId)![0]! },
      assigneeUserId: row.assigneeUserId, unreadCount: unread.get(row.id) ?? 0, lastActivityAt: row.lastActivityAt.toISOString(),
      activeCall: call ? presentItem(call) : null, createdAt: row.createdAt.toISOString(),
    };
  });
}

export async function presentConversation(db: Database, row: ConversationRow) {
  return (await presentConversations(db, [row]))[0]!;
}
