import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { carrierNames } from '../../domain/carriers.ts';
import { createdAt, instant } from './columns.ts';
import { teams, users } from './people.ts';
import { organizations } from './tenancy.ts';

export const inboxes = pgTable(
  'inboxes',
  {
    id: text().primaryKey(),
    orgId: text().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    kind: text({ enum: ['personal', 'shared'] }).notNull(),
    ownerUserId: text().references(() => users.id, { onDelete: 'restrict' }),
    teamId: text().references(() => teams.id, { onDelete: 'restrict' }),
    timezone: text().notNull(),
    createdAt: createdAt(),
    updatedAt: instant().notNull().defaultNow(),
  },
  (t) => [index().on(t.orgId, t.createdAt, t.id)],
);

export const inboxNumbers = pgTable(
  'inbox_numbers',
  {
    // The primary key makes a number belong to at most one inbox across the whole deployment.
    e164: text().primaryKey(),
    inboxId: text().notNull().references(() => inboxes.id, { onDelete: 'cascade' }),
    orgId: text().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    primary: boolean().notNull().default(false),
    // Which carrier serves the number: its webhooks come in, and its calls and messages go out, through that carrier.
    carrier: text({ enum: carrierNames }).notNull().default('native'),
    // A line shows only what arrives after it was assigned to the inbox.
    assignedAt: instant().notNull().defaultNow(),
  },
  (t) => [index().on(t.inboxId), uniqueIndex('inbox_numbers_one_primary').on(t.inboxId).where(sql`${t.primary}`)],
);

export const memberSources = ['team', 'manual'] as const;

export const inboxMembers = pgTable(
  'inbox_members',
  {
    inboxId: text().notNull().references(() => inboxes.id, { onDelete: 'cascade' }),
    userId: text().notNull().references(() => users.id, { onDelete: 'cascade' }),
    orgId: text().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    role: text({ enum: ['connected', 'watching'] }).notNull(),
    position: integer().notNull().default(0),
    // "team": added because the user is a member of the inbox's team, and removed with that membership;
    // "manual": added by an admin, and kept whatever the team does.
    source: text({ enum: memberSources }).notNull().default('manual'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.inboxId, t.userId] }), index().on(t.userId)],
);
