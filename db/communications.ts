import { and, eq } from 'drizzle-orm';
import type { Database } from './database.ts';
import { communications } from './schema/index.ts';

export type CommunicationRow = typeof communications.$inferSelect;

/** The organization's call, voicemail or message with this id. */
export async function findCommunication(db: Database, orgId: string, id: string): Promise<CommunicationRow | undefined> {
  const [item] = await db.select().from(communications).where(and(eq(communications.orgId, orgId), eq(communications.id, id)));
  return item;
}

/** The organization's call with this carrier call id. */
export async function findCall(db: Database, orgId: string, callId: string): Promise<CommunicationRow | undefined> {
  const [call] = await db.select().from(communications)
    .where(and(eq(communications.orgId, orgId), eq(communications.kind, 'call'), eq(communications.externalId, callId)));
  return call;
}
