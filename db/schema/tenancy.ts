import { index, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { roles } from '../../domain/roles.ts';
import { createdAt, instant } from './columns.ts';


export const organizations = pgTable('organizations', {
  id: text().primaryKey(),
  name: text().notNull(),
  timezone: text().notNull(),
  createdAt: createdAt(),
});

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text().primaryKey(),
    orgId: text().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    role: text({ enum: roles }).notNull(),
    userId: text(),
    label: text(),
    // SHA-256 of the whole key: keys are 192 random bits, so a fast hash is enough and lookups stay O(1).
    keyHash: text().notNull(),
    keyPrefix: text().notNull(),
    createdAt: createdAt(),
    lastUsedAt: instant(),
    revokedAt: instant(),
  },
  (t) => [uniqueIndex().on(t.keyHash), index().on(t.orgId, t.createdAt, t.id)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: text().primaryKey(),
    orgId: text().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    actorKeyId: text(),
    actorUserId: text(),
    action: text({ enum: ['create', 'update', 'delete'] }).notNull(),
    resourceType: text().notNull(),
    resourceId: text().notNull(),
    before: jsonb(),
    after: jsonb(),
    at: instant().notNull().defaultNow(),
  },
  (t) => [index().on(t.orgId, t.at, t.id), index().on(t.orgId, t.resourceType, t.resourceId)],
);
