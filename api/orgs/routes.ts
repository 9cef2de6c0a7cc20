import { z } from 'zod';
import { newId } from '../../db/ids.ts';
import { apiKeys, organizations } from '../../db/schema/index.ts';
import type { ApiDeps } from '../deps.ts';
import { generateApiKey } from '../http/auth.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { timestamp, timezoneSchema } from '../schemas.ts';

const createOrgBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  timezone: timezoneSchema,
});

const orgSchema = z
  .object({ id: z.string(), name: z.string(), timezone: z.string(), createdAt: timestamp })
  .meta({ id: 'Organization' });

export function orgRoutes(deps: ApiDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'post', path: '/v1/orgs', summary: 'Create an organization and its first admin key', tags: ['organizations'],
      access: 'platform', body: createOrgBody,
      responses: {
        201: {
          description: 'Created. The admin key is shown only in this response.',
          schema: z.object({ org: orgSchema, adminKey: z.string() }),
        },
      },
      handler: async ({ body }) => {
        const orgId = newId('org');
        const { key, keyHash, keyPrefix } = generateApiKey();
        const org = await deps.db.transaction(async (tx) => {
          const [row] = await tx.insert(organizations).values({ id: orgId, name: body.name, timezone: body.timezone }).returning();
          await tx.insert(apiKeys).values({ id: newId('key'), orgId, role: 'admin', label: 'first admin key', keyHash, keyPrefix });
          return row!;
        });
        return { status: 201, body: { org: { ...org, createdAt: org.createdAt.toISOString() }, adminKey: key } };
      },
    }),
  ];
}
