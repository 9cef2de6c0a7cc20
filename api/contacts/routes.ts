import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../../db/audit-log.ts';
import { contactSearch, phonesOf, setContactPhones, type ContactRow } from '../../db/contacts.ts';
import type { Database } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { inVisibleInboxes } from '../../db/inboxes.ts';
import { byCreation, newestFirst } from '../../db/newest-first.ts';
import { contacts, conversations } from '../../db/schema/index.ts';
import { findUser } from '../../db/users.ts';
import { contactById } from '../access.ts';
import { conversationSchema, presentConversations } from '../conversations/present.ts';
import type { ApiDeps } from '../deps.ts';
import type { OrgCaller } from '../http/auth.ts';
import { listOf, pageQuery, pageRequest, toPage } from '../http/pagination.ts';
import { badRequest, conflict } from '../http/problem.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { e164Schema, idParams, isForeignKeyViolation, timestamp } from '../schemas.ts';

const fields = {
  name: z.string().trim().min(1).max(200).nullable(),
  phones: z.array(e164Schema).min(1, 'a contact has at least one phone').max(20)
    .refine((phones) => new Set(phones).size === phones.length, 'lists a phone twice')
    .meta({ description: 'E.164; the first is shown when no call or message says which one the contact used' }),
  email: z.email('must be an email address').max(320).nullable(),
  ownerUserId: z.string().min(1).max(64).nullable().meta({ description: 'A user of the organization: new conversations with the contact start assigned to them' }),
  notes: z.string().max(10_000).nullable(),
};
const createBody = z.strictObject({ ...fields, name: fields.name.optional(), email: fields.email.optional(), ownerUserId: fields.ownerUserId.optional(), notes: fields.notes.optional() });
const patchBody = z.strictObject(fields).partial();

const contactSchema = z
  .object({
    id: z.string(), name: z.string().nullable(), phones: z.array(z.string()), email: z.string().nullable(), ownerUserId: z.string().nullable(),
    notes: z.string().nullable(), createdAt: timestamp, updatedAt: timestamp,
  })
  .meta({ id: 'Contact' });

async function presentContacts(db: Database, rows: ContactRow[]) {
  const phones = await phonesOf(db, rows.map((row) => row.id));
  return rows.map((row) => ({
    id: row.id, name: row.name, phones: phones.get(row.id)!, email: row.email, ownerUserId: row.ownerUserId, notes: row.notes,
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
  }));
}
const presentContact = async (db: Database, row: ContactRow) => (await presentContacts(db, [row]))[0]!;

export function contactRoutes(deps: ApiDeps): RouteSpec[] {
  const { db } = deps;
  return [
    defineRoute({
      method: 'post', path: '/v1/contacts', summary: 'Create a contact', tags: ['contacts'], access: 'agent', body: createBody,
      responses: { 201: { description: 'Created', schema: contactSchema }, 409: { description: 'A phone already belongs to another contact' } },
      handler: async ({ body, caller }) => {
        if (body.ownerUserId) await referencedOwner(db, caller, body.ownerUserId);
        const { phones, ...rest } = body;
        const row = await db.transaction(async (tx) => {
          const [inserted] = await tx.insert(contacts).values({ id: newId('ctc'), orgId: caller.orgId, ...rest }).returning();
          await claimPhones(tx, inserted!, phones);
          await recordAudit(tx, caller, { action: 'create', resourceType: 'contact', resourceId: inserted!.id, after: { ...rest, phones } });
          return inserted!;
        });
        return { status: 201, body: await presentContact(db, row) };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/contacts', summary: 'List or search contacts, newest first', tags: ['contacts'], access: 'agent',
      query: pageQuery.extend({
        q: z.string().trim().min(1).max(100).optional()
          .meta({ description: 'A case-insensitive prefix of any word of the name, or four or more digits of a phone' }),
      }),
      responses: { 200: { description: 'A page of contacts', schema: listOf(contactSchema) } },
      handler: async ({ query, caller }) => {
        const page = await newestFirst(db.select().from(contacts).$dynamic(), byCreation(contacts),
          and(eq(contacts.orgId, caller.orgId), query.q ? contactSearch(query.q) : undefined), pageRequest(query));
        return { status: 200, body: toPage({ ...page, rows: await presentContacts(db, page.rows) }, (contact) => contact) };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/contacts/:id', summary: 'A contact', tags: ['contacts'], access: 'agent', params: idParams,
      responses: { 200: { description: 'The contact', schema: contactSchema } },
      resource: contactById(db),
      handler: async ({ resource }) => ({ status: 200, body: await presentContact(db, resource) }),
    }),
    defineRoute({
      method: 'patch', path: '/v1/contacts/:id', summary: "Change a contact; `phones` replaces the contact's phones", tags: ['contacts'],
      access: 'agent', params: idParams, body: patchBody,
      responses: { 200: { description: 'The changed contact', schema: contactSchema }, 409: { description: 'A phone already belongs to another contact' } },
      resource: contactById(db),
      handler: async ({ body, caller, resource }) => {
        if (body.ownerUserId) await referencedOwner(db, caller, body.ownerUserId);
        const before = await presentContact(db, resource);
        const { phones, ...rest } = body;
        const row = await db.transaction(async (tx) => {
          const [updated] = await tx.update(contacts).set({ ...rest, updatedAt: new Date() }).where(eq(contacts.id, resource.id)).returning();
          if (phones) await claimPhones(tx, updated!, phones);
          await recordAudit(tx, caller, { action: 'update', resourceType: 'contact', resourceId: resource.id, before, after: body });
          return updated!;
        });
        return { status: 200, body: await presentContact(db, row) };
      },
    }),
    defineRoute({
      method: 'delete', path: '/v1/contacts/:id', summary: 'Delete a contact that has no conversations', tags: ['contacts'],
      access: 'admin', params: idParams,
      responses: { 204: { description: 'Deleted' }, 409: { description: 'The contact has conversations: their history is kept, and so is the contact' } },
      resource: contactById(db),
      handler: async ({ caller, resource }) => {
        const before = await presentContact(db, resource);
        await db.transaction(async (tx) => {
          const [history] = await tx.select({ n: sql<number>`count(*)::int` }).from(conversations).where(eq(conversations.contactId, resource.id));
          if (history!.n > 0) throw conflict(`The contact has ${history!.n} conversations; it is kept with their history.`);
          await tx.delete(contacts).where(eq(contacts.id, resource.id));
          await recordAudit(tx, caller, { action: 'delete', resourceType: 'contact', resourceId: resource.id, before });
        }).catch((error: unknown) => {
          // A conversation that began between the count and the delete holds the contact by its foreign key.
          if (isForeignKeyViolation(error)) throw conflict('The contact has conversations; it is kept with their history.');
          throw error;
        });
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/contacts/:id/conversations', summary: "The contact's conversations in the inboxes the key may see, latest activity first",
      tags: ['contacts'], access: 'agent', params: idParams, query: pageQuery,
      responses: { 200: { description: 'A page of conversations', schema: listOf(conversationSchema) } },
      resource: contactById(db),
      handler: async ({ query, caller, resource }) => {
        const keyset = { at: conversations.lastActivityAt, id: conversations.id, positionOf: (row: { lastActivityAt: Date; id: string }) => ({ at: row.lastActivityAt, id: row.id }) };
        const page = await newestFirst(db.select().from(conversations).$dynamic(), keyset,
          and(eq(conversations.contactId, resource.id), inVisibleInboxes(db, caller, conversations.inboxId)), pageRequest(query));
        return { status: 200, body: toPage({ ...page, rows: await presentConversations(db, page.rows) }, (conversation) => conversation) };
      },
    }),
  ];
}

async function claimPhones(tx: Parameters<typeof setContactPhones>[0], contact: ContactRow, phones: string[]) {
  const taken = await setContactPhones(tx, contact, phones);
  if (taken.length) {
    throw conflict(`${taken.join(', ')} already belong${taken.length === 1 ? 's' : ''} to another contact: a phone belongs to at most one contact.`);
  }
}

async function referencedOwner(db: Database, caller: OrgCaller, userId: string) {
  if (!(await findUser(db, caller.orgId, userId))) throw badRequest('The owner is not a user of the organization.', [{ path: 'ownerUserId', message: 'no such user in this organization' }]);
}
