import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../../db/audit-log.ts';
import type { Database } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { inVisibleInboxes } from '../../db/inboxes.ts';
import { byCreation, newestFirst } from '../../db/newest-first.ts';
import { containsIgnoringCase } from '../../db/text-match.ts';
import { communications, inboxes, inboxMembers, organizations } from '../../db/schema/index.ts';
import { syncInboxWithTeam } from '../../db/team-inbox-members.ts';
import { findTeam } from '../../db/teams.ts';
import { findVisibleUser } from '../../db/users.ts';
import { inboxById } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import type { OrgCaller } from '../http/auth.ts';
import { listOf, pageQuery, pageRequest, toPage } from '../http/pagination.ts';
import { badRequest, conflict } from '../http/problem.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { idParams, timezoneSchema } from '../schemas.ts';
import { inboxSchema, presentInbox, presentInboxes } from './present.ts';

const createBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(['personal', 'shared'], { error: 'must be personal or shared' }),
    ownerUserId: z.string().min(1).optional().meta({ description: 'Required for a personal inbox: its one connected user.' }),
    teamId: z.string().min(1).optional().meta({ description: "A shared inbox may be linked to a team: the team's members become its connected users." }),
    timezone: timezoneSchema.optional().meta({ description: "Defaults to the organization's timezone." }),
  })
  .superRefine((body, ctx) => {
    if (body.kind === 'personal' && !body.ownerUserId) ctx.addIssue({ code: 'custom', path: ['ownerUserId'], message: 'a personal inbox needs its owner' });
    if (body.kind === 'personal' && body.teamId) ctx.addIssue({ code: 'custom', path: ['teamId'], message: 'a personal inbox cannot be linked to a team' });
    if (body.kind === 'shared' && body.ownerUserId) ctx.addIssue({ code: 'custom', path: ['ownerUserId'], message: 'a shared inbox has no owner' });
  });
const patchBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  timezone: timezoneSchema,
  teamId: z.string().min(1).nullable().meta({ description: "Shared inboxes only. The team's members replace the old team's as connected users; manual members stay." }),
}).partial();

export function inboxRoutes(deps: ApiDeps): RouteSpec[] {
  const { db } = deps;
  return [
    defineRoute({
      method: 'post', path: '/v1/inboxes', summary: 'Create an inbox (a personal inbox gets its owner as connected member)', tags: ['inboxes'],
      access: 'admin', body: createBody,
      responses: { 201: { description: 'Created', schema: inboxSchema } },
      handler: async ({ body, caller }) => {
        if (body.ownerUserId) await referencedUser(db, caller, body.ownerUserId, 'ownerUserId');
        if (body.teamId) await referencedTeam(db, caller, body.teamId);
        const [org] = await db.select({ timezone: organizations.timezone }).from(organizations).where(eq(organizations.id, caller.orgId));
        const row = await db.transaction(async (tx) => {
          const [inserted] = await tx.insert(inboxes).values({
            id: newId('inb'), orgId: caller.orgId, name: body.name, kind: body.kind,
            ownerUserId: body.ownerUserId ?? null, teamId: body.teamId ?? null, timezone: body.timezone ?? org!.timezone,
          }).returning();
          if (body.ownerUserId) {
            await tx.insert(inboxMembers).values({ inboxId: inserted!.id, userId: body.ownerUserId, orgId: caller.orgId, role: 'connected', position: 0 });
          }
          await syncInboxWithTeam(tx, inserted!);
          await recordAudit(tx, caller, { action: 'create', resourceType: 'inbox', resourceId: inserted!.id, after: inserted });
          return inserted!;
        });
        return { status: 201, body: await presentInbox(db, row) };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/inboxes', summary: 'List inboxes (an agent sees those it is a member of, but no personal inbox without a number)', tags: ['inboxes'], access: 'agent',
      query: pageQuery.extend({
        kind: z.enum(['personal', 'shared']).optional(),
        q: z.string().trim().min(1).max(200).optional().meta({ description: 'Inboxes whose name contains it, ignoring case' }),
      }),
      responses: { 200: { description: 'A page of inboxes, newest first', schema: listOf(inboxSchema) } },
      handler: async ({ query, caller }) => {
        const page = await newestFirst(db.select().from(inboxes).$dynamic(), byCreation(inboxes), and(
          eq(inboxes.orgId, caller.orgId), inVisibleInboxes(db, caller, inboxes.id),
          query.kind ? eq(inboxes.kind, query.kind) : undefined, query.q ? containsIgnoringCase(inboxes.name, query.q) : undefined,
        ), pageRequest(query));
        return { status: 200, body: toPage({ ...page, rows: await presentInboxes(db, page.rows) }, (inbox) => inbox) };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/inboxes/:id', summary: 'An inbox with its numbers and members', tags: ['inboxes'], access: 'agent', params: idParams,
      responses: { 200: { description: 'The inbox', schema: inboxSchema } },
      resource: inboxById(db),
      handler: async ({ resource }) => ({ status: 200, body: await presentInbox(db, resource) }),
    }),
    defineRoute({
      method: 'patch', path: '/v1/inboxes/:id', summary: 'Rename an inbox, change its timezone or team', tags: ['inboxes'], access: 'admin',
      params: idParams, body: patchBody,
      responses: { 200: { description: 'The changed inbox', schema: inboxSchema } },
      resource: inboxById(db),
      handler: async ({ params, body, caller, resource: before }) => {
        if (body.teamId !== undefined && before.kind === 'personal') {
          throw badRequest('A personal inbox cannot be linked to a team.', [{ path: 'teamId', message: 'personal inboxes have no team' }]);
        }
        if (body.teamId) await referencedTeam(db, caller, body.teamId);
        const row = await db.transaction(async (tx) => {
          const [updated] = await tx.update(inboxes).set({ ...body, updatedAt: new Date() })
            .where(and(eq(inboxes.orgId, caller.orgId), eq(inboxes.id, params.id))).returning();
          await recordAudit(tx, caller, { action: 'update', resourceType: 'inbox', resourceId: params.id, before, after: updated });
          if (updated!.teamId !== before.teamId) await syncInboxWithTeam(tx, updated!);
          if (updated!.timezone !== before.timezone) await deps.outbox.record(tx, { kind: 'timezone_changed', orgId: caller.orgId, inboxId: params.id });
          return updated!;
        });
        if (row.timezone !== before.timezone) await deps.outbox.flush();
        return { status: 200, body: await presentInbox(db, row) };
      },
    }),
    defineRoute({
      method: 'delete', path: '/v1/inboxes/:id', summary: 'Delete an inbox with its numbers, members and policies; its automation and report workflows end', tags: ['inboxes'],
      access: 'admin', params: idParams,
      responses: { 204: { description: 'Deleted' }, 409: { description: 'The inbox has calls or messages: its history is kept' } },
      resource: inboxById(db),
      handler: async ({ params, caller, resource: before }) => {
        const [history] = await db.select({ n: sql<number>`count(*)::int` }).from(communications).where(eq(communications.inboxId, params.id));
        if (history!.n > 0) throw conflict(`The inbox holds ${history!.n} calls and messages; it cannot be deleted.`);
        await db.transaction(async (tx) => {
          await tx.delete(inboxes).where(and(eq(inboxes.orgId, caller.orgId), eq(inboxes.id, params.id)));
          await recordAudit(tx, caller, { action: 'delete', resourceType: 'inbox', resourceId: params.id, before });
          await deps.outbox.record(tx, { kind: 'inbox_deleted', orgId: caller.orgId, inboxId: params.id });
        });
        await deps.outbox.flush();
        return { status: 204 };
      },
    }),
  ];
}

async function referencedUser(db: Database, caller: OrgCaller, userId: string, path: string) {
  const user = await findVisibleUser(db, caller, userId);
  if (!user) throw badRequest('The inbox names a user that does not exist.', [{ path, message: 'no such user in this organization' }]);
  return user;
}

async function referencedTeam(db: Database, caller: OrgCaller, teamId: string) {
  const team = await findTeam(db, caller.orgId, teamId);
  if (!team) throw badRequest('The inbox names a team that does not exist.', [{ path: 'teamId', message: 'no such team in this organization' }]);
  return team;
}
