import { pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns.ts';
import { conversations } from './communications.ts';

/** After-hours auto-replies sent: the key makes it once per conversation per inbox-local day. */
export const autoReplies = pgTable(
  'auto_replies',
  {
    conversationId: text().notNull().references(() => conversations.id, { onDelete: 'cascade' }),
    localDate: text().notNull(),
    messageId: text(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.localDate] })],
);

/**
 * Delivery statuses of outbound messages, kept apart from the message itself: the carrier may report a
 * status before our record of the send exists, and statuses arrive out of order (the latest wins).
 */
export const messageStatuses = pgTable('message_statuses', {
  messageId: text().primaryKey(),
  status: text({ enum: ['sent', 'delivered', 'failed'] }).notNull(),
  occurredAt: instant().notNull(),
});
