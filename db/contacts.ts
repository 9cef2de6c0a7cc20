import { and, asc, eq, inArray, like, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from './database.ts';
import { newId } from './ids.ts';
import { contactPhones, contacts, conversations } from './schema/index.ts';
import { aWordStartsWith } from './text-match.ts';

export type ContactRow = typeof contacts.$inferSelect;

/** The organization's contact with this id. */
export async function findContact(db: Database, orgId: string, contactId: string): Promise<ContactRow | undefined> {
  const [contact] = await db.select().from(contacts).where(and(eq(contacts.orgId, orgId), eq(contacts.id, contactId)));
  return contact;
}

/** Each contact's phones in the order the contact lists them. */
export async function phonesOf(db: Database, contactIds: string[]): Promise<Map<string, string[]>> {
  const phones = new Map<string, string[]>(contactIds.map((id) => [id, []]));
  if (!contactIds.length) return phones;
  const rows = await db.select({ contactId: contactPhones.contactId, e164: contactPhones.e164 }).from(contactPhones)
    .where(inArray(contactPhones.contactId, contactIds)).orderBy(asc(contactPhones.position), asc(contactPhones.e164));
  for (const row of rows) phones.get(row.contactId)!.push(row.e164);
  return phones;
}

/** The contact that has this phone, if any. */
async function contactIdByPhone(db: Database, orgId: string, e164: string): Promise<string | undefined> {
  const [phone] = await db.select({ contactId: contactPhones.contactId }).from(contactPhones)
    .where(and(eq(contactPhones.orgId, orgId), eq(contactPhones.e164, e164)));
  return phone?.contactId;
}

/**
 * The contact with this phone, created (with no name) the first time an unknown number calls or texts. Safe when
 * two events from a new number race: the phone's key lets one contact win, and the loser's is removed unused.
 */
export async function contactIdForPhone(db: Database, orgId: string, e164: string): Promise<string> {
  const known = await contactIdByPhone(db, orgId, e164);
  if (known) return known;
  await db.transaction(async (tx) => {
    const [contact] = await tx.insert(contacts).values({ id: newId('ctc'), orgId }).returning({ id: contacts.id });
    const claimed = await tx.insert(contactPhones).values({ orgId, e164, contactId: contact!.id }).onConflictDoNothing().returning();
    if (!claimed.length) await tx.delete(contacts).where(eq(contacts.id, contact!.id));
  });
  return (await contactIdByPhone(db, orgId, e164))!;
}

/** The digits of a search that may be part of a phone: four or more, ignoring spaces, dashes, dots, brackets and a plus. */
function phoneDigits(q: string): string | undefined {
  const digits = q.replace(/[\s().+-]/g, '');
  return /^\d{4,}$/.test(digits) ? digits : undefined;
}

/**
 * Contacts a search finds: a case-insensitive prefix of any word of the name, or four or more digits anywhere in
 * one of the phones. A condition on the contacts table.
 */
export function contactSearch(q: string): SQL {
  const term = q.trim();
  const digits = phoneDigits(term);
  const byName = aWordStartsWith(contacts.name, term);
  if (!digits) return byName;
  const byPhone = sql`exists (select 1 from ${contactPhones} where ${contactPhones.contactId} = ${contacts.id} and ${like(contactPhones.e164, `%${digits}%`)})`;
  return or(byName, byPhone)!;
}

/** Ids of the organization's contacts a search finds, as a subquery. */
export function contactsFound(db: Database, orgId: string, q: string) {
  return db.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.orgId, orgId), contactSearch(q)));
}

/** Each conversation's contact (id and name). */
export async function contactsOfConversations(db: Database, conversationIds: string[]): Promise<Map<string, { id: string; name: string | null }>> {
  if (!conversationIds.length) return new Map();
  const rows = await db.select({ conversationId: conversations.id, id: contacts.id, name: contacts.name }).from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId)).where(inArray(conversations.id, conversationIds));
  return new Map(rows.map((row) => [row.conversationId, { id: row.id, name: row.name }]));
}

/** The handle drizzle passes to a `db.transaction` callback. */
type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Makes these, in this order, the contact's phones. Answers the phones another contact already has (then the
 * caller rolls back); the phone's key decides a race, so two contacts can never both end up with one phone.
 */
export async function setContactPhones(tx: Transaction, contact: { orgId: string; id: string }, phones: string[]): Promise<string[]> {
  await tx.delete(contactPhones).where(and(eq(contactPhones.contactId, contact.id), notInArray(contactPhones.e164, phones)));
  const claimed = await tx.insert(contactPhones)
    .values(phones.map((e164, position) => ({ orgId: contact.orgId, e164, contactId: contact.id, position })))
    .onConflictDoUpdate({ target: [contactPhones.orgId, contactPhones.e164], set: { position: sql`excluded.position` }, setWhere: eq(contactPhones.contactId, contact.id) })
    .returning({ e164: contactPhones.e164 });
  return phones.filter((phone) => !claimed.some((row) => row.e164 === phone));
}
