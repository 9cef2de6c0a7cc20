import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../../db/audit-log.ts';
import type { Database } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { byCreation, newestFirst } from '../../db/newest-first.ts';
import { teamMembers, teams } from '../../db/schema/index.ts';
import { addTeamMemberToInboxes, removeTeamMemberFromInboxes, unlinkTeamInboxes } from '../../db/team-inbox-members.ts';
import type { TeamRow } from '../../db/teams.ts';
import { teamById, visibleUser } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { listOf, pageQuery, pageRequest, toPage } from '../http/pagination.ts';
import { notFound } from '../http/problem.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { idParams, timestamp } from '../schemas.ts';

const teamBody = z.strictObject({ name: z.string().trim().min(1).max(200) });
const memberParams = z.object({ id: z.string().min(1), userId: z.string().min(1) });
const memberBody = z.strictObject({ role: z.enum(['member', 'supervisor'], { error: 'must be member or supervisor' }).default('member') });

const teamSchema = z
  .object({
    id: z.string(), name: z.string(), createdAt: timestamp,
    members: z.array(z.object({ userId: z.string(), role: z.enum(['member', 'supervisor']) })),
  })
  .meta({ id: 'Team' });

export function teamRoutes(deps: ApiDeps): RouteSpec[] {
  const { db } = deps;
  return [
    defineRoute({
      method: 'post', path: '/v1/teams', summary: 'Create a team', tags: ['teams'], access: 'admin', body: teamBody,
      responses: { 201: { description: 'Created', schema: teamSchema } },
      handler: async ({ body, caller }) => {
        const row = await db.transaction(async (tx) => {
          const [inserted] = await tx.insert(teams).values({ id: newId('team'), orgId: caller.orgId, name: body.name }).returning();
          await recordAudit(tx, caller, { action: 'create', resourceType: 'team', resourceId: inserted!.id, after: { name: body.name } });
          return inserted!;
        });
        return { status: 201, body: (await withMembers(db, [row]))[0] };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/teams', summary: 'List teams with their members', tags: ['teams'], access: 'supervisor', query: pageQuery,
      responses: { 200: { description: 'A page of teams, newest first', schema: listOf(teamSchema) } },
      handler: async ({ query, caller }) => {
        const page = await newestFirst(db.select().from(teams).$dynamic(), byCreation(teams), eq(teams.orgId, caller.orgId), pageRequest(query));
        return { status: 200, body: toPage({ ...page, rows: await withMembers(db, page.rows) }, (team) => team) };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/teams/:id', summary: 'A team with its members', tags: ['teams'], access: 'supervisor', params: idParams,
      responses: { 200: { description: 'The team', schema: teamSchema } },
      resource: teamById(db),
      handler: async ({ resource }) => ({ status: 200, body: (await withMembers(db, [resource]))[0] }),
    }),
    defineRoute({
      method: 'patch', path: '/v1/teams/:id', summary: 'Rename a team', tags: ['teams'], access: 'admin', params: idParams, body: teamBody.partial(),
      responses: { 200: { description: 'The changed team', schema: teamSchema } },
      resource: teamById(db),
      handler: async ({ params, body, caller, resource: before }) => {
        // An empty patch changes nothing (and an UPDATE with nothing to set is not SQL): the team as it is.
        if (body.name === undefined) return { status: 200, body: (await withMembers(db, [before]))[0] };
        const row = await db.transaction(async (tx) => {
          const [updated] = await tx.update(teams).set(body).where(and(eq(teams.orgId, caller.orgId), eq(teams.id, params.id))).returning();
          await recordAudit(tx, caller, { action: 'update', resourceType: 'team', resourceId: params.id, before: { name: before.name }, after: { name: updated!.name } });
          return updated!;
        });
        return { status: 200, body: (await withMembers(db, [row]))[0] };
      },
    }),
    defineRoute({
      method: 'delete', path: '/v1/teams/:id',
      summary: "Delete a team and its memberships; its inboxes lose the link and the connected users the team gave them", tags: ['teams'], access: 'admin', params: idParams,
      responses: { 204: { description: 'Deleted' } },
      resource: teamById(db),
      handler: async ({ params, caller, resource: before }) => {
        await db.transaction(async (tx) => {
          for (const inboxId of await unlinkTeamInboxes(tx, params.id)) {
            await recordAudit(tx, caller, { action: 'update', resourceType: 'inbox', resourceId: inboxId, before: { teamId: params.id }, after: { teamId: null } });
          }
          await tx.delete(teams).where(and(eq(teams.orgId, caller.orgId), eq(teams.id, params.id)));
          await recordAudit(tx, caller, { action: 'delete', resourceType: 'team', resourceId: params.id, before: { name: before.name } });
        });
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'put', path: '/v1/teams/:id/members/:userId',
      summary: "Add a user to a team (it becomes a connected user of the team's inboxes), or change its team role", tags: ['teams'],
      access: 'admin', params: memberParams, body: memberBody,
      responses: { 200: { description: 'The team with its members', schema: teamSchema } },
      resource: teamById(db),
      handler: async ({ params, body, caller, resource: team }) => {
        await visibleUser(db, caller, params.userId);
        await db.transaction(async (tx) => {
          const [before] = await tx.select().from(teamMembers).where(and(eq(teamMembers.teamId, params.id), eq(teamMembers.userId, params.userId)));
          await tx.insert(teamMembers).values({ teamId: params.id, userId: params.userId, orgId: caller.orgId, role: body.role })
            .onConflictDoUpdate({ target: [teamMembers.teamId, teamMembers.userId], set: { role: body.role } });
          await recordAudit(tx, caller, {
            action: before ? 'update' : 'create', resourceType: 'team_member', resourceId: `${params.id}/${params.userId}`,
            before: before ? { role: before.role } : undefined, after: { role: body.role },
          });
          if (!before) await addTeamMemberToInboxes(tx, params.id, params.userId);
        });
        return { status: 200, body: (await withMembers(db, [team]))[0] };
      },
    }),
    defineRoute({
      method: 'delete', path: '/v1/teams/:id/members/:userId', summary: "Remove a user from a team, and from the team's inboxes where the team put it",
      tags: ['teams'], access: 'admin', params: memberParams,
      responses: { 204: { description: 'Removed' } },
      resource: teamById(db),
      handler: async ({ params, caller }) => {
        await db.transaction(async (tx) => {
          const [removed] = await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, params.id), eq(teamMembers.userId, params.userId))).returning();
          if (!removed) throw notFound('The team membership');
          await removeTeamMemberFromInboxes(tx, params.id, params.userId);
          await recordAudit(tx, caller, { action: 'delete', resourceType: 'team_member', resourceId: `${params.id}/${params.userId}`, before: { role: removed.role } });
        });
        return { status: 204 };
      },
    }),
  ];
}

async function withMembers(db: Database, rows: TeamRow[]) {
  const members = rows.length
    ? await db.select().from(teamMembers).where(inArray(teamMembers.teamId, rows.map((r) => r.id))).orderBy(asc(teamMembers.createdAt))
    : [];
  return rows.map((row) => ({
    id: row.id, name: row.name, createdAt: row.createdAt.toISOString(),
    members: members.filter((m) => m.teamId === row.id).map((m) => ({ userId: m.userId, role: m.role })),
  }));
}
