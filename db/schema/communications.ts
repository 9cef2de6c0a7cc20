import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns.ts';
import { inboxes } from './inboxes.ts';
import { users } from './people.ts';
import { organizations } from './tenancy.ts';

/** A person the organization talks to: reached at one or more phones, optionally owned by a user. */
export const contacts = pgTable(
  'contacts',
  {
    id: text().primaryKey(),
    orgId: text().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    // Null for a contact created by a call or message from an unknown number, until someone names it.
    name: text(),
    email: text(),
    // Routing's contactOwnerFirst rings this user first.
    ownerUserId: text().references(() => users.id, { onDelete: 'set null' }),
    notes: text(),
    createdAt: createdAt(),
    updatedAt: instant().notNull().defaultNow(),
  },
  (t) => [index().on(t.orgId, t.createdAt, t.id)],
);

/** A contact's phones: the primary key makes a phone belong to at most one contact per organization. */
export const contactPhones = pgTable(
  'contact_phones',
  {
    orgId: text().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    e164: text().notNull(),
    contactId: text().notNull().references(() => contacts.id, { onDelete: 'cascade' }),
    // The order the contact lists its phones in; the first is the one shown when no call or message says otherwise.
    position: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.e164] }), index().on(t.contactId)],
);

/** One contact within one inbox: the thread the feed shows. */
export const conversations = pgTable(
  'conversations',
  {
    id: text().primaryKey(),
    orgId: text().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    inboxId: text().notNull().references(() => inboxes.id, { onDelete: 'cascade' }),
    // No cascade: a contact with conversations is kept, so deleting one never deletes history.
    contactId: text().notNull().references(() => contacts.id, { onDelete: 'no action' }),
    assigneeUserId: text().references(() => users.id, { onDelete: 'set null' }),
    lastActivityAt: instant().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.inboxId, t.contactId), index().on(t.inboxId, t.lastActivityAt, t.id), index().on(t.contactId, t.lastActivityAt, t.id)],
);

const communicationKinds = ['call', 'voicemail', 'message'] as const;

/** One call, voicemail or message, inbound or outbound, with its read state. */
export const communications = pgTable(
  'communications',
  {
    id: text().primaryKey(),
    orgId: text().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    inboxId: text().notNull().references(() => inboxes.id, { onDelete: 'cascade' }),
    conversationId: text().notNull().references(() => conversations.id, { onDelete: 'cascade' }),
    kind: text({ enum: communicationKinds }).notNull(),
    direction: text({ enum: ['inbound', 'outbound'] }).notNull(),
    // The carrier's call or message id: with kind, the business key that makes writes idempotent.
    externalId: text().notNull(),
    status: text().notNull(),
    fromE164: text().notNull(),
    toE164: text().notNull(),
    body: text(),
    agentUserId: text(),
    durationSec: integer(),
    occurredAt: instant().notNull(),
    answeredAt: instant(),
    endedAt: instant(),
    readAt: instant(),
    // Who or what marked it read: a user id, or "auto" for the auto-mark-as-read automation.
    readBy: text(),
    details: jsonb().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: instant().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.orgId, t.kind, t.externalId),
    index().on(t.inboxId, t.occurredAt, t.id),
    index().on(t.conversationId, t.occurredAt),
    // Unread items by age: the auto-mark-as-read sweep and unread counts read only this partial index.
    index('communications_unread_by_age').on(t.inboxId, t.occurredAt).where(sql`${t.readAt} is null`),
    index('communications_unread_by_conversation').on(t.conversationId).where(sql`${t.readAt} is null`),
    // Calls in progress are few: the feed puts them first by reading these instead of sorting the inbox.
    index('communications_active_calls').on(t.inboxId, t.occurredAt, t.id).where(sql`${t.kind} = 'call' and ${t.status} in ('routing', 'ringing', 'dialing', 'connected', 'voicemail')`),
    index('communications_active_calls_by_conversation').on(t.conversationId).where(sql`${t.kind} = 'call' and ${t.status} in ('routing', 'ringing', 'dialing', 'connected', 'voicemail')`),
  ],
);

/**
 * Each conversation's unread items, kept by statement-level triggers on communications (migration 0011) so the
 * feed reads one row per conversation instead of counting every unread item: 50,000 index entries for a page of
 * 50 conversations at 1M items, 4.2 ms of the threaded first page's p50 (0.8 ms read from here). Per statement,
 * not per row: the auto-mark-as-read cleanup then pays one upsert per conversation and batch (1.6% slower on 1M
 * items in psql; a per-row count made it 2.9x raw SQL). Its own table, not a column of conversations, so the
 * triggers never wait on the conversation lock that marking read takes (db/conversation-read.ts).
 */
export const conversationUnreadCounts = pgTable('conversation_unread_counts', {
  conversationId: text().primaryKey().references(() => conversations.id, { onDelete: 'cascade' }),
  unread: integer().notNull(),
});
