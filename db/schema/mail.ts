import { index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns.ts';
import { inboxes } from './inboxes.ts';
import { organizations } from './tenancy.ts';

const emailKinds = ['missed_call', 'abandoned_call', 'voicemail', 'inbound_message', 'daily_report'] as const;
export type EmailKind = (typeof emailKinds)[number];

/**
 * One email to one recipient, keyed by its business key (notification + recipient; report inbox + local
 * date + recipient). The row is written before the send and settled after it: a retry finds it settled and
 * sends nothing, and the Message-ID is fixed here so a copy sent in the crash window carries the same one.
 */
export const emailDeliveries = pgTable(
  'email_deliveries',
  {
    key: text().primaryKey(),
    orgId: text().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    inboxId: text().notNull().references(() => inboxes.id, { onDelete: 'cascade' }),
    kind: text({ enum: emailKinds }).notNull(),
    // What the email is about: a notification request id, or a daily report as "inboxId:date".
    subjectId: text().notNull(),
    recipientUserId: text(),
    toAddress: text().notNull(),
    messageId: text().notNull(),
    status: text({ enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
    attempts: integer().notNull().default(0),
    lastError: text(),
    // A sender holds the row while it talks to SMTP, so a second attempt cannot send alongside it.
    claimedUntil: instant(),
    // Which activity (workflow/activity id) holds the claim, and in which attempt: a later attempt of the same
    // activity takes over at once, since Temporal starts it only once the earlier one is given up for dead.
    claimedBy: text(),
    claimedAttempt: integer(),
    smtpResponse: text(),
    sentAt: instant(),
    createdAt: createdAt(),
    updatedAt: instant().notNull().defaultNow(),
  },
  (t) => [index().on(t.subjectId), index().on(t.inboxId, t.createdAt)],
);

/** A daily report as it was last prepared for sending: its figures are what the email showed. */
export const dailyReports = pgTable(
  'daily_reports',
  {
    inboxId: text().notNull().references(() => inboxes.id, { onDelete: 'cascade' }),
    date: text().notNull(),
    orgId: text().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    timezone: text().notNull(),
    figures: jsonb().notNull(),
    generatedAt: instant().notNull(),
    // Set once the schedule has sent this day's report: the schedule never sends a day twice.
    scheduledAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.inboxId, t.date] })],
);
