import { jsonb, pgTable, text, uniqueIndex, index } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns.ts';
import { inboxes } from './inboxes.ts';
import { organizations } from './tenancy.ts';

/** Routing memory per inbox: round robin starts after whoever was rung first last time. */
export const inboxRoutingState = pgTable('inbox_routing_state', {
  inboxId: text().primaryKey().references(() => inboxes.id, { onDelete: 'cascade' }),
  lastFirstRungUserId: text(),
  updatedAt: instant().notNull().defaultNow(),
});

export const notificationKinds = ['missed_call', 'abandoned_call', 'voicemail', 'inbound_message'] as const;

/**
 * A notification to deliver (missed call, voicemail, …), keyed by its subject and kind so a retried
 * activity or a duplicated event never asks twice. The email issue delivers these.
 */
export const notificationRequests = pgTable(
  'notification_requests',
  {
    id: text().primaryKey(),
    orgId: text().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    inboxId: text().notNull().references(() => inboxes.id, { onDelete: 'cascade' }),
    kind: text({ enum: notificationKinds }).notNull(),
    subjectId: text().notNull(),
    payload: jsonb().notNull().default({}),
    createdAt: createdAt(),
    deliveredAt: instant(),
  },
  (t) => [uniqueIndex().on(t.subjectId, t.kind), index().on(t.inboxId, t.createdAt)],
);
