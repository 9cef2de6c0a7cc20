import { jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns.ts';
import { organizations } from './tenancy.ts';

/** An organization's credentials for a real carrier (secrets are never shown back through the API). */
export const carrierAccounts = pgTable(
  'carrier_accounts',
  {
    orgId: text().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    carrier: text({ enum: ['twilio', 'telnyx'] }).notNull(),
    credentials: jsonb().$type<Record<string, string>>().notNull(),
    updatedAt: instant().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.carrier] })],
);

/**
 * A call that came through a real carrier: which carrier, and that carrier's handles for its legs (the caller's
 * leg, and each leg that rings an agent), so carrier commands find them without the workflow knowing any.
 */
export const carrierCalls = pgTable('carrier_calls', {
  callId: text().primaryKey(),
  orgId: text().notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  carrier: text({ enum: ['twilio', 'telnyx'] }).notNull(),
  /** The dialed number (ours), shown to agents and used as the sender of agent legs. */
  number: text().notNull(),
  /** Telnyx: the caller leg's call_control_id and the connection it came in on. */
  callerLeg: text(),
  connectionId: text(),
  createdAt: createdAt(),
});

/** The carrier leg that rings one agent in one attempt (Telnyx call_control_id). */
export const carrierCallLegs = pgTable(
  'carrier_call_legs',
  {
    callId: text().notNull().references(() => carrierCalls.callId, { onDelete: 'cascade' }),
    userId: text().notNull(),
    legId: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.callId, t.legId] })],
);
