import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../../db/audit-log.ts';
import type { Database } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { findMembership } from '../../db/inbox-members.ts';
import { findInbox } from '../../db/inboxes.ts';
import { byCreation, newestFirst } from '../../db/newest-first.ts';
import { apiKeys, inboxes, presences, users } from '../../db/schema/index.ts';
import type { UserRow } from '../../db/users.ts';
import { userById } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { listOf, pageQuery, pageRequest, toPage } from '../http/pagination.ts';
import { badRequest, conflict, forbidden } from '../http/problem.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { e164Schema, idParams, isUniqueViolation, roleSchema, timestamp } from '../schemas.ts';

const fields = {
  name: z.string().trim().min(1).max(200),
  email: z.email('must be an email address').max(320),
  role: roleSchema,
  presence: z.enum(presences, { error: `must be one of ${presences.join(', ')}` }),
  defaultInboxId: z.string().min(1).nullable(),
  phone: e164Schema.nullable(),
  // A Twilio Client identity (client:alice) is rung where the number's carrier is Twilio.
  sipUri: z.string().regex(/^(sips?:[^\s@]+@\S+|client:[\w.@+-]{1,121})$/, 'must be a SIP URI such as sip:alice@pbx.example.com, or client:<identity> for a Twilio Client').nullable(),
};
const createBody = z.strictObject({
  ...fields,
  presence: fields.presence.default('offline'),
  defaultInboxId: fields.defaultInboxId.optional(),
  phone: fields.phone.optional(),
  sipUri: fields.sipUri.optional(),
});
const patchBody = z.strictObject(fields).partial();
// What a user may change about itself; the rest is an admin's.
const selfServed = new Set<string>(['presence', 'defaultInboxId']);

const userSchema = z
  .object({
    id: z.string(), name: z.string(), email: z.string(), role: roleSchema, presence: fields.presence,
    defaultInboxId: z.string().nullable(), phone: z.string().nullable(), sipUri: z.string().nullable(), createdAt: timestamp, updatedAt: timestamp,
  })
  .meta({ id: 'User' });

const presentUser = (u: UserRow) => ({
  id: u.id, name: u.name, email: u.email, role: u.role, presence: u.presence, defaultInboxId: u.defaultInboxId,
  phone: u.phone, sipUri: u.sipUri, createdAt: u.createdAt.toISOString(), updatedAt: u.updatedAt.toISOString(),
});

export function userRoutes(deps: ApiDeps): RouteSpec[] {
  const { db } = deps;
  return [
    defineRoute({
      method: 'post', path: '/v1/users', summary: 'Create a user', tags: ['users'], access: 'admin', body: createBody,
      responses: { 201: { description: 'Created', schema: userSchema }, 409: { description: 'The email is already taken in this organization' } },
      handler: async ({ body, caller }) => {
        await checkDefaultInbox(db, caller.orgId, body.defaultInboxId);
        const row = await db.transaction(async (tx) => {
          const [inserted] = await tx.insert(users).values({ id: newId('usr'), orgId: caller.orgId, ...body }).returning();
          await recordAudit(tx, caller, { action: 'create', resourceType: 'user', resourceId: inserted!.id, after: presentUser(inserted!) });
          return inserted!;
        }).catch(rethrowDuplicateEmail);
        return { status: 201, body: presentUser(row) };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/users', summary: 'List users (an agent sees only itself)', tags: ['users'], access: 'agent', query: pageQuery,
      responses: { 200: { description: 'A page of users, newest first', schema: listOf(userSchema) } },
      handler: async ({ query, caller }) => {
        const page = await newestFirst(db.select().from(users).$dynamic(), byCreation(users), and(
          eq(users.orgId, caller.orgId),
          caller.role === 'agent' ? eq(users.id, caller.userId ?? '') : undefined,
        ), pageRequest(query));
        return { status: 200, body: toPage(page, presentUser) };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/users/:id', summary: 'A user', tags: ['users'], access: 'agent', params: idParams,
      responses: { 200: { description: 'The user', schema: userSchema } },
      resource: userById(db),
      handler: async ({ resource }) => ({ status: 200, body: presentUser(resource) }),
    }),
    defineRoute({
      method: 'patch', path: '/v1/users/:id', summary: 'Change a user (an agent may change only its own presence and default inbox)', tags: ['users'],
      access: 'agent', params: idParams, body: patchBody,
      responses: { 200: { description: 'The changed user', schema: userSchema }, 409: { description: 'The email is already taken' } },
      resource: userById(db),
      handler: async ({ params, body, caller, resource: before }) => {
        if (caller.role !== 'admin') {
          if (caller.userId !== before.id || Object.keys(body).some((key) => !selfServed.has(key))) {
            throw forbidden('Only admins change users; an agent or supervisor may change only its own presence and default inbox.');
          }
          await checkOwnDefaultInbox(db, before.id, body.defaultInboxId);
        }
        await checkDefaultInbox(db, caller.orgId, body.defaultInboxId);
        const row = await db.transaction(async (tx) => {
          const [updated] = await tx.update(users).set({ ...body, updatedAt: new Date() })
            .where(and(eq(users.orgId, caller.orgId), eq(users.id, params.id))).returning();
          await recordAudit(tx, caller, { action: 'update', resourceType: 'user', resourceId: params.id, before: presentUser(before), after: presentUser(updated!) });
          return updated!;
        }).catch(rethrowDuplicateEmail);
        return { status: 200, body: presentUser(row) };
      },
    }),
    defineRoute({
      method: 'delete', path: '/v1/users/:id', summary: 'Delete a user; its team and inbox memberships go with it and its API keys are revoked',
      tags: ['users'], access: 'admin', params: idParams,
      responses: { 204: { description: 'Deleted' }, 409: { description: 'The user owns a personal inbox: delete or reassign it first' } },
      resource: userById(db),
      handler: async ({ params, caller, resource: before }) => {
        const owned = await db.select({ id: inboxes.id }).from(inboxes).where(and(eq(inboxes.orgId, caller.orgId), eq(inboxes.ownerUserId, params.id)));
        if (owned.length) throw conflict(`The user owns personal inbox ${owned.map((i) => i.id).join(', ')}: delete it first.`);
        await db.transaction(async (tx) => {
          await tx.update(apiKeys).set({ revokedAt: new Date() }).where(and(eq(apiKeys.orgId, caller.orgId), eq(apiKeys.userId, params.id)));
          await tx.delete(users).where(and(eq(users.orgId, caller.orgId), eq(users.id, params.id)));
          await recordAudit(tx, caller, { action: 'delete', resourceType: 'user', resourceId: params.id, before: presentUser(before) });
        });
        return { status: 204 };
      },
    }),
  ];
}

/** A user's own default inbox must be one it is a member of: new outbound texts and calls go from its primary number. */
async function checkOwnDefaultInbox(db: Database, userId: string, inboxId: string | null | undefined) {
  if (!inboxId) return;
  if (!(await findMembership(db, inboxId, userId))) {
    throw badRequest('The default inbox must be one you are a member of.', [{ path: 'defaultInboxId', message: 'not an inbox you are a member of' }]);
  }
}

async function checkDefaultInbox(db: Database, orgId: string, inboxId: string | null | undefined) {
  if (!inboxId) return;
  if (!(await findInbox(db, orgId, inboxId))) throw badRequest('The default inbox does not exist.', [{ path: 'defaultInboxId', message: 'no such inbox in this organization' }]);
}

function rethrowDuplicateEmail(error: unknown): never {
  if (isUniqueViolation(error)) throw conflict('A user with this email already exists in the organization.');
  throw error;
}
