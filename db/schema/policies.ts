import { integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';
import { inboxes } from './inboxes.ts';
import { organizations } from './tenancy.ts';

/** One row per inbox and policy once it is set; an inbox without a row uses the policy's defaults. */
export const inboxPolicies = pgTable(
  'inbox_policies',
  {
    inboxId: text().notNull().references(() => inboxes.id, { onDelete: 'cascade' }),
    orgId: text().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    name: text({ enum: ['routing', 'automation', 'notifications', 'reports'] }).notNull(),
    document: jsonb().notNull(),
    // Increases with every change, so a workflow can ignore a change older than the one it has.
    version: integer().notNull(),
    updatedAt: instant().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.inboxId, t.name] })],
);
