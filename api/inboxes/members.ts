import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../../db/audit-log.ts';
import { inboxMembers } from '../../db/schema/index.ts';
import { inboxById, visibleUser } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { conflict, notFound } from '../http/problem.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { inboxSchema, presentInbox } from './present.ts';

const memberParams = z.object({ id: z.string().min(1), userId: z.string().min(1) });
const memberBody = z.strictObject({
  role: z.enum(['connected', 'watching'], { error: 'must be connected or watching' })
    .meta({ description: 'Connected users handle calls and messages; watching users only observe and are notified.' }),
  position: z.number().int().min(0).max(10_000).optional().meta({ description: 'Ring order for sequential routing (lowest first).' }),
});

export function memberRoutes(deps: ApiDeps): RouteSpec[] {
  const { db } = deps;
  return [
    defineRoute({
      method: 'put', path: '/v1/inboxes/:id/members/:userId', summary: "Add a member to an inbox, or change its role or ring position",
      tags: ['inboxes'], access: 'admin', params: memberParams, body: memberBody,
      responses: { 200: { description: 'The inbox with its members', schema: inboxSchema }, 409: { description: 'A personal inbox has only its owner connected' } },
      resource: inboxById(db),
      handler: async ({ params, body, caller, resource: inbox }) => {
        await visibleUser(db, caller, params.userId);
        if (inbox.kind === 'personal' && (body.role === 'connected') !== (params.userId === inbox.ownerUserId)) {
          throw conflict('A personal inbox has exactly one connected user, its owner; others may only watch.');
        }
        await db.transaction(async (tx) => {
          const [before] = await tx.select().from(inboxMembers).where(and(eq(inboxMembers.inboxId, inbox.id), eq(inboxMembers.userId, params.userId)));
          const position = body.position ?? before?.position ?? 0;
          // A team member stays the team's while connected (a new position changes nothing else); made a watcher, it is the admin's.
          const source = body.role === 'connected' ? before?.source ?? 'manual' : 'manual';
          await tx.insert(inboxMembers).values({ inboxId: inbox.id, userId: params.userId, orgId: caller.orgId, role: body.role, position, source })
            .onConflictDoUpdate({ target: [inboxMembers.inboxId, inboxMembers.userId], set: { role: body.role, position, source } });
          await recordAudit(tx, caller, {
            action: before ? 'update' : 'create', resourceType: 'inbox_member', resourceId: `${inbox.id}/${params.userId}`,
            before: before ? { role: before.role, position: before.position, source: before.source } : undefined, after: { role: body.role, position, source },
          });
        });
        return { status: 200, body: await presentInbox(db, inbox) };
      },
    }),
    defineRoute({
      method: 'delete', path: '/v1/inboxes/:id/members/:userId', summary: 'Remove a member from an inbox', tags: ['inboxes'], access: 'admin',
      params: memberParams,
      responses: { 204: { description: 'Removed' }, 409: { description: "A personal inbox's owner, or a member that comes from the inbox's team, cannot be removed here" } },
      resource: inboxById(db),
      handler: async ({ params, caller, resource: inbox }) => {
        if (inbox.kind === 'personal' && params.userId === inbox.ownerUserId) throw conflict("A personal inbox's owner stays connected; delete the inbox instead.");
        await db.transaction(async (tx) => {
          const [removed] = await tx.delete(inboxMembers).where(and(eq(inboxMembers.inboxId, inbox.id), eq(inboxMembers.userId, params.userId))).returning();
          if (!removed) throw notFound('The inbox membership');
          if (removed.source === 'team') throw conflict("This member comes from the inbox's team: remove the user from the team, or unlink the team.");
          await recordAudit(tx, caller, { action: 'delete', resourceType: 'inbox_member', resourceId: `${inbox.id}/${params.userId}`, before: { role: removed.role, position: removed.position, source: removed.source } });
        });
        return { status: 204 };
      },
    }),
  ];
}
