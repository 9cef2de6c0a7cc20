import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../../db/audit-log.ts';
import type { Database } from '../../db/database.ts';
import { carrierAccounts } from '../../db/schema/index.ts';
import type { CarrierSettings } from '../../carriers/settings.ts';
import type { ApiDeps } from '../deps.ts';
import { notFound } from '../http/problem.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { timestamp } from '../schemas.ts';

const secret = z.string().trim().min(1).max(512);
const bodies = {
  twilio: z.strictObject({ accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio Account SID (AC followed by 32 hex digits)'), authToken: secret }),
  telnyx: z.strictObject({
    apiKey: secret,
    publicKey: z.string().refine((key) => Buffer.from(key, 'base64').length === 32, { error: 'must be the base64 of a 32-byte Ed25519 public key' }),
    connectionId: z.string().trim().min(1).max(128).optional(),
  }),
};
type Carrier = keyof typeof bodies;
const fieldNames: Record<Carrier, string[]> = { twilio: ['accountSid', 'authToken'], telnyx: ['apiKey', 'publicKey', 'connectionId'] };

const accountSchema = z.object({
  carrier: z.enum(['twilio', 'telnyx']),
  source: z.enum(['organization', 'environment']).meta({ description: "The organization's own credentials, or the deployment's from the environment" }),
  fields: z.record(z.string(), z.boolean()).meta({ description: 'Which fields are set; their values are never shown' }),
  updatedAt: timestamp.nullable(),
}).meta({ id: 'CarrierAccount' });

function present(carrier: Carrier, source: 'organization' | 'environment', credentials: object, updatedAt: Date | null) {
  return { carrier, source, fields: Object.fromEntries(fieldNames[carrier].map((name) => [name, name in credentials])), updatedAt: updatedAt?.toISOString() ?? null };
}

/** PUT|GET|DELETE /v1/carrier-accounts/twilio|telnyx: an organization's credentials with a real carrier (write-only secrets). */
export function carrierAccountRoutes(deps: ApiDeps & { carriers: CarrierSettings }): RouteSpec[] {
  const { db } = deps;
  // Inside a transaction, read through it: the embedded database has one connection, which the transaction holds.
  const find = async (orgId: string, carrier: Carrier, executor: Database = db) =>
    (await executor.select().from(carrierAccounts).where(and(eq(carrierAccounts.orgId, orgId), eq(carrierAccounts.carrier, carrier))))[0];
  return (Object.keys(bodies) as Carrier[]).flatMap((carrier) => [
    defineRoute({
      method: 'put', path: `/v1/carrier-accounts/${carrier}`, summary: `Set the organization's ${carrier} credentials`, tags: ['carriers'], access: 'admin',
      body: bodies[carrier],
      responses: { 200: { description: 'Which fields are set (never their values)', schema: accountSchema } },
      handler: async ({ body, caller }) => {
        const updatedAt = new Date();
        await db.transaction(async (tx) => {
          const before = await find(caller.orgId, carrier, tx);
          await tx.insert(carrierAccounts).values({ orgId: caller.orgId, carrier, credentials: body, updatedAt })
            .onConflictDoUpdate({ target: [carrierAccounts.orgId, carrierAccounts.carrier], set: { credentials: body, updatedAt } });
          // The audit log names the fields changed, never the secrets.
          await recordAudit(tx, caller, {
            action: before ? 'update' : 'create', resourceType: 'carrier_account', resourceId: carrier,
            ...(before ? { before: present(carrier, 'organization', before.credentials, before.updatedAt).fields } : {}),
            after: present(carrier, 'organization', body, updatedAt).fields,
          });
        });
        return { status: 200, body: present(carrier, 'organization', body, updatedAt) };
      },
    }),
    defineRoute({
      method: 'get', path: `/v1/carrier-accounts/${carrier}`, summary: `Which ${carrier} credentials are in force`, tags: ['carriers'], access: 'admin',
      responses: { 200: { description: 'Which fields are set', schema: accountSchema }, 404: { description: 'Neither the organization nor the deployment has credentials' } },
      handler: async ({ caller }) => {
        const row = await find(caller.orgId, carrier);
        if (row) return { status: 200, body: present(carrier, 'organization', row.credentials, row.updatedAt) };
        const fromEnvironment = deps.carriers[carrier].account;
        if (fromEnvironment) return { status: 200, body: present(carrier, 'environment', fromEnvironment, null) };
        throw notFound(`A ${carrier} account`);
      },
    }),
    defineRoute({
      method: 'delete', path: `/v1/carrier-accounts/${carrier}`, summary: `Remove the organization's ${carrier} credentials`, tags: ['carriers'], access: 'admin',
      responses: { 204: { description: 'Removed (the deployment-wide account, if any, applies again)' } },
      handler: async ({ caller }) => {
        await db.transaction(async (tx) => {
          const [removed] = await tx.delete(carrierAccounts).where(and(eq(carrierAccounts.orgId, caller.orgId), eq(carrierAccounts.carrier, carrier))).returning();
          if (!removed) throw notFound(`The organization's ${carrier} account`);
          await recordAudit(tx, caller, { action: 'delete', resourceType: 'carrier_account', resourceId: carrier, before: present(carrier, 'organization', removed.credentials, removed.updatedAt).fields });
        });
        return { status: 204 };
      },
    }),
  ]);
}
