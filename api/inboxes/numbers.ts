import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../../db/audit-log.ts';
import { inboxNumbers } from '../../db/schema/index.ts';
import { inboxById } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { conflict, notFound } from '../http/problem.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { carrierNames } from '../../domain/carriers.ts';
import { e164Schema, idParams, isUniqueViolation } from '../schemas.ts';
import { inboxSchema, presentInbox } from './present.ts';

const addBody = z.strictObject({
  e164: e164Schema,
  primary: z.boolean().optional().meta({ description: "Outbound messages use the primary number. An inbox's first number is primary." }),
  carrier: z.enum(carrierNames).default('native').meta({ description: 'The carrier serving the number (docs/carriers.md)' }),
});
const numberParams = z.object({ id: z.string().min(1), e164: e164Schema });

export function numberRoutes(deps: ApiDeps): RouteSpec[] {
  const { db } = deps;
  return [
    defineRoute({
      method: 'post', path: '/v1/inboxes/:id/numbers', summary: 'Assign a number to an inbox', tags: ['inboxes'], access: 'admin',
      params: idParams, body: addBody,
      responses: {
        201: { description: 'The inbox with its numbers', schema: inboxSchema },
        409: { description: 'The number already belongs to an inbox (numbers are unique across the deployment)' },
      },
      resource: inboxById(db),
      handler: async ({ body, caller, resource: inbox }) => {
        await db.transaction(async (tx) => {
          const existing = await tx.select().from(inboxNumbers).where(eq(inboxNumbers.inboxId, inbox.id));
          const primary = body.primary ?? !existing.some((n) => n.primary);
          if (primary) await tx.update(inboxNumbers).set({ primary: false }).where(eq(inboxNumbers.inboxId, inbox.id));
          await tx.insert(inboxNumbers).values({ e164: body.e164, inboxId: inbox.id, orgId: caller.orgId, primary, carrier: body.carrier });
          await recordAudit(tx, caller, { action: 'create', resourceType: 'inbox_number', resourceId: body.e164, after: { inboxId: inbox.id, primary, carrier: body.carrier } });
        }).catch((error: unknown) => {
          // Whose inbox holds it is not said: it may be another organization's.
          if (isUniqueViolation(error)) throw conflict(`${body.e164} is already assigned to an inbox.`);
          throw error;
        });
        return { status: 201, body: await presentInbox(db, inbox) };
      },
    }),
    defineRoute({
      method: 'delete', path: '/v1/inboxes/:id/numbers/:e164', summary: 'Release a number (the oldest remaining one becomes primary)',
      tags: ['inboxes'], access: 'admin', params: numberParams,
      responses: { 204: { description: 'Released' } },
      resource: inboxById(db),
      handler: async ({ params, caller, resource: inbox }) => {
        await db.transaction(async (tx) => {
          const [removed] = await tx.delete(inboxNumbers)
            .where(and(eq(inboxNumbers.inboxId, inbox.id), eq(inboxNumbers.e164, params.e164))).returning();
          if (!removed) throw notFound('The number on this inbox');
          if (removed.primary) {
            const [next] = await tx.select().from(inboxNumbers).where(eq(inboxNumbers.inboxId, inbox.id)).orderBy(asc(inboxNumbers.assignedAt)).limit(1);
            if (next) await tx.update(inboxNumbers).set({ primary: true }).where(eq(inboxNumbers.e164, next.e164));
          }
          await recordAudit(tx, caller, { action: 'delete', resourceType: 'inbox_number', resourceId: params.e164, before: { inboxId: inbox.id, primary: removed.primary } });
        });
        return { status: 204 };
      },
    }),
  ];
}
