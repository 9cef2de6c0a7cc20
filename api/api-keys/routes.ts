import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../../db/audit-log.ts';
import { newId } from '../../db/ids.ts';
import { byCreation, newestFirst } from '../../db/newest-first.ts';
import { apiKeys } from '../../db/schema/index.ts';
import { findUser } from '../../db/users.ts';
import type { ApiDeps } from '../deps.ts';
import { generateApiKey } from '../http/auth.ts';
import { listOf, pageQuery, pageRequest, toPage } from '../http/pagination.ts';
import { badRequest, notFound } from '../http/problem.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { idParams, roleSchema, timestamp } from '../schemas.ts';

const createKeyBody = z.strictObject({
  role: roleSchema,
  userId: z.string().min(1).optional().meta({ description: 'The user this key acts for.' }),
  label: z.string().trim().max(200).optional(),
});

const keySchema = z
  .object({
    id: z.string(),
    role: roleSchema,
    userId: z.string().nullable(),
    label: z.string().nullable(),
    prefix: z.string().meta({ description: 'The first characters of the key, to tell keys apart.' }),
    createdAt: timestamp,
  })
  .meta({ id: 'ApiKey' });

type KeyRow = typeof apiKeys.$inferSelect;
const present = (row: KeyRow) => ({
  id: row.id, role: row.role, userId: row.userId, label: row.label, prefix: row.keyPrefix, createdAt: row.createdAt.toISOString(),
});

export function apiKeyRoutes(deps: ApiDeps): RouteSpec[] {
  const { db } = deps;
  return [
    defineRoute({
      method: 'post', path: '/v1/api-keys', summary: 'Create an API key', tags: ['api keys'], access: 'admin', body: createKeyBody,
      responses: { 201: { description: 'Created. The key is shown only in this response.', schema: keySchema.extend({ key: z.string() }) } },
      handler: async ({ body, caller }) => {
        if (body.userId && !(await findUser(db, caller.orgId, body.userId))) {
          throw badRequest('The key names a user that does not exist.', [{ path: 'userId', message: 'no such user in this organization' }]);
        }
        const { key, keyHash, keyPrefix } = generateApiKey();
        const row = await db.transaction(async (tx) => {
          const [inserted] = await tx
            .insert(apiKeys)
            .values({ id: newId('key'), orgId: caller.orgId, role: body.role, userId: body.userId ?? null, label: body.label ?? null, keyHash, keyPrefix })
            .returning();
          await recordAudit(tx, caller, { action: 'create', resourceType: 'api_key', resourceId: inserted!.id, after: present(inserted!) });
          return inserted!;
        });
        return { status: 201, body: { ...present(row), key } };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/api-keys', summary: 'List API keys (never the keys themselves)', tags: ['api keys'], access: 'supervisor',
      query: pageQuery,
      responses: { 200: { description: 'A page of keys, newest first', schema: listOf(keySchema) } },
      handler: async ({ query, caller }) => {
        const page = await newestFirst(db.select().from(apiKeys).$dynamic(), byCreation(apiKeys),
          and(eq(apiKeys.orgId, caller.orgId), isNull(apiKeys.revokedAt)), pageRequest(query));
        return { status: 200, body: toPage(page, present) };
      },
    }),
    defineRoute({
      method: 'delete', path: '/v1/api-keys/:id', summary: 'Revoke an API key', tags: ['api keys'], access: 'admin', params: idParams,
      responses: { 204: { description: 'Revoked; the key stops working at once.' } },
      handler: async ({ params, caller }) => {
        await db.transaction(async (tx) => {
          const [row] = await tx
            .update(apiKeys)
            .set({ revokedAt: new Date() })
            .where(and(eq(apiKeys.orgId, caller.orgId), eq(apiKeys.id, params.id), isNull(apiKeys.revokedAt)))
            .returning();
          if (!row) throw notFound('The API key');
          await recordAudit(tx, caller, { action: 'delete', resourceType: 'api_key', resourceId: row.id, before: present(row) });
        });
        return { status: 204 };
      },
    }),
  ];
}
