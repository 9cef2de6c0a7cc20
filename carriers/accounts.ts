import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { carrierAccounts, carrierCalls, inboxNumbers } from '../db/schema/index.ts';
import type { CarrierSettings, TelnyxAccount, TwilioAccount } from './settings.ts';

/** The organization's own account with the carrier, else the deployment's (environment), else none. */
export async function accountFor(db: Database, settings: CarrierSettings, orgId: string, carrier: 'twilio'): Promise<TwilioAccount | undefined>;
export async function accountFor(db: Database, settings: CarrierSettings, orgId: string, carrier: 'telnyx'): Promise<TelnyxAccount | undefined>;
export async function accountFor(db: Database, settings: CarrierSettings, orgId: string, carrier: 'twilio' | 'telnyx') {
  const [row] = await db.select().from(carrierAccounts).where(and(eq(carrierAccounts.orgId, orgId), eq(carrierAccounts.carrier, carrier)));
  return row ? (row.credentials as unknown as TwilioAccount | TelnyxAccount) : settings[carrier].account;
}

/** The inbox number with this E.164 form if this carrier serves it. */
export async function numberServedBy(db: Database, e164: string, carrier: 'native' | 'twilio' | 'telnyx') {
  const [line] = await db.select().from(inboxNumbers).where(and(eq(inboxNumbers.e164, e164), eq(inboxNumbers.carrier, carrier)));
  return line;
}

export type CarrierCall = typeof carrierCalls.$inferSelect;

export async function findCarrierCall(db: Database, callId: string): Promise<CarrierCall | undefined> {
  const [call] = await db.select().from(carrierCalls).where(eq(carrierCalls.callId, callId));
  return call;
}

/** Remembers which carrier brought a call, and its handles; a redelivery changes nothing. */
export async function rememberCarrierCall(db: Database, call: typeof carrierCalls.$inferInsert): Promise<void> {
  await db.insert(carrierCalls).values(call).onConflictDoNothing();
}
