import { and, eq } from 'drizzle-orm';
import type { Database } from './database.ts';
import { contactPhones, contacts } from './schema/index.ts';

/** The owner of the organization's contact with this phone, if it has one. */
export async function contactOwner(db: Database, orgId: string, phone: string): Promise<string | null> {
  const [contact] = await db.select({ ownerUserId: contacts.ownerUserId }).from(contactPhones)
    .innerJoin(contacts, eq(contacts.id, contactPhones.contactId))
    .where(and(eq(contactPhones.orgId, orgId), eq(contactPhones.e164, phone)));
  return contact?.ownerUserId ?? null;
}
