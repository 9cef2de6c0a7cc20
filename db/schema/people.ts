import { index, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns.ts';
import { roles } from '../../domain/roles.ts';
import { organizations } from './tenancy.ts';

export const presences = ['available', 'busy', 'offline'] as const;

export const users = pgTable(
  'users',
  {
    id: text().primaryKey(),
    orgId: text().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    email: text().notNull(),
    role: text({ enum: roles }).notNull(),
    presence: text({ enum: presences }).notNull().default('offline'),
    defaultInboxId: text(),
    phone: text(),
    sipUri: text(),
    // When this agent's last call ended: the "longest idle" routing strategy orders by it.
    lastCallEndedAt: instant(),
    createdAt: createdAt(),
    updatedAt: instant().notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.orgId, t.email), index().on(t.orgId, t.createdAt, t.id)],
);

export const teams = pgTable(
  'teams',
  {
    id: text().primaryKey(),
    orgId: text().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.orgId, t.createdAt, t.id)],
);

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: text().notNull().references(() => teams.id, { onDelete: 'cascade' }),
    userId: text().notNull().references(() => users.id, { onDelete: 'cascade' }),
    orgId: text().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    role: text({ enum: ['member', 'supervisor'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index().on(t.userId)],
);
