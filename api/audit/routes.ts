import { and, eq, gte, lt } from 'drizzle-orm';
import { z } from 'zod';
import { auditLogKeyset } from '../../db/audit-log.ts';
import { newestFirst } from '../../db/newest-first.ts';
import { auditLog } from '../../db/schema/index.ts';
import type { ApiDeps } from '../deps.ts';
import { listOf, pageQuery, pageRequest, toPage } from '../http/pagination.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { timestamp } from '../schemas.ts';

const auditQuery = pageQuery.extend({
  resourceType: z.string().min(1).optional().meta({ description: 'e.g. user, team, inbox, inbox_number, inbox_member, policy, api_key' }),
  resourceId: z.string().min(1).optional(),
  since: z.iso.datetime().optional().meta({ description: 'Entries at or after this instant' }),
  until: z.iso.datetime().optional().meta({ description: 'Entries before this instant' }),
});

const entrySchema = z
  .object({
    id: z.string(), at: timestamp, action: z.enum(['create', 'update', 'delete']), resourceType: z.string(), resourceId: z.string(),
    actor: z.object({ keyId: z.string().nullable(), userId: z.string().nullable() }),
    before: z.unknown().nullable(), after: z.unknown().nullable(),
  })
  .meta({ id: 'AuditEntry' });

export function auditRoutes(deps: ApiDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get', path: '/v1/audit-log', summary: 'Who changed which configuration, when, before and after', tags: ['audit'],
      access: 'supervisor', query: auditQuery,
      responses: { 200: { description: 'A page of entries, newest first', schema: listOf(entrySchema) } },
      handler: async ({ query, caller }) => {
        const page = await newestFirst(deps.db.select().from(auditLog).$dynamic(), auditLogKeyset, and(
          eq(auditLog.orgId, caller.orgId),
          query.resourceType ? eq(auditLog.resourceType, query.resourceType) : undefined,
          query.resourceId ? eq(auditLog.resourceId, query.resourceId) : undefined,
          query.since ? gte(auditLog.at, new Date(query.since)) : undefined,
          query.until ? lt(auditLog.at, new Date(query.until)) : undefined,
        ), pageRequest(query));
        return { status: 200, body: toPage(page, (r) => ({
          id: r.id, at: r.at.toISOString(), action: r.action, resourceType: r.resourceType, resourceId: r.resourceId,
          actor: { keyId: r.actorKeyId, userId: r.actorUserId }, before: r.before, after: r.after,
        })) };
      },
    }),
  ];
}
