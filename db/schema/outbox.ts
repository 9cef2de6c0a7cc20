import { bigserial, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns.ts';
import { organizations } from './tenancy.ts';

export const workflowNoticeKinds = ['policy_changed', 'timezone_changed', 'inbox_deleted'] as const;

/**
 * What an inbox's running workflows must still be told, written in the same transaction as the change
 * itself, so a change made while Temporal is unreachable is delivered once it is back. A row is deleted
 * once delivered. No foreign key to the inbox: an inbox's deletion is itself a notice.
 */
export const workflowOutbox = pgTable(
  'workflow_outbox',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    orgId: text().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    inboxId: text().notNull(),
    kind: text({ enum: workflowNoticeKinds }).notNull(),
    payload: jsonb().notNull().default({}),
    attempts: integer().notNull().default(0),
    lastError: text(),
    createdAt: createdAt(),
    lastAttemptAt: instant(),
  },
  (t) => [index().on(t.inboxId)],
);
