import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { loadInboxPolicies } from '../../db/inbox-policies.ts';
import { inboxPolicies } from '../../db/schema/index.ts';
import { mergePatch, policyNames, policySchemas, type PolicyName } from '../../domain/policies/index.ts';
import type { PolicyPropagator } from '../../workflows/client/policy-propagator.ts';
import { visibleInbox } from '../access.ts';
import { recordAudit } from '../../db/audit-log.ts';
import type { ApiDeps } from '../deps.ts';
import type { OrgCaller } from '../http/auth.ts';
import { badRequest } from '../http/problem.ts';
import { defineRoute, toFieldErrors, type RouteSpec } from '../http/route.ts';
import { idParams } from '../schemas.ts';

const mergePatchBody = z.record(z.string(), z.unknown()).meta({ description: 'A JSON merge patch (RFC 7396) of the policy: null removes a field, which then takes its default.' });

export function policyRoutes(deps: ApiDeps & { policies: PolicyPropagator }): RouteSpec[] {
  const { db } = deps;
  return policyNames.flatMap((name) => {
    const schema = policySchemas[name];
    const path = `/v1/inboxes/:id/policies/${name}`;
    const tags = ['policies'];
    const ok = { description: `The ${name} policy`, schema };
    return [
      defineRoute({
        method: 'get', path, summary: `The inbox's ${name} policy (defaults until set)`, tags, access: 'agent', params: idParams,
        responses: { 200: ok },
        handler: async ({ params, caller }) => {
          await visibleInbox(db, caller, params.id);
          return { status: 200, body: (await currentPolicy(db, params.id, name)).document };
        },
      }),
      defineRoute({
        method: 'put', path, summary: `Replace the ${name} policy; missing fields take their defaults`, tags, access: 'admin', params: idParams, body: schema,
        responses: { 200: ok },
        handler: async ({ params, body, caller }) => {
          await visibleInbox(db, caller, params.id);
          return { status: 200, body: await savePolicy(deps, caller, params.id, name, body) };
        },
      }),
      defineRoute({
        method: 'patch', path, summary: `Change part of the ${name} policy (JSON merge patch)`, tags, access: 'admin', params: idParams, body: mergePatchBody,
        responses: { 200: ok },
        handler: async ({ params, body, caller }) => {
          await visibleInbox(db, caller, params.id);
          const merged = schema.safeParse(mergePatch((await currentPolicy(db, params.id, name)).document, body));
          if (!merged.success) throw badRequest(`The ${name} policy would not be valid.`, toFieldErrors(merged.error));
          return { status: 200, body: await savePolicy(deps, caller, params.id, name, merged.data) };
        },
      }),
    ];
  });
}

async function currentPolicy(db: Database, inboxId: string, name: PolicyName) {
  const policies = await loadInboxPolicies(db, inboxId);
  return { document: policies[name] as unknown, version: policies.versions[name] };
}

/** Stores the policy and its audit entry together, then tells the inbox's workflows. The caller has checked the inbox. */
async function savePolicy(deps: ApiDeps & { policies: PolicyPropagator }, caller: OrgCaller, inboxId: string, name: PolicyName, document: unknown) {
  const version = await deps.db.transaction(async (tx) => {
    const before = await currentPolicy(tx, inboxId, name);
    const [row] = await tx.insert(inboxPolicies)
      .values({ inboxId, orgId: caller.orgId, name, document, version: before.version + 1 })
      .onConflictDoUpdate({ target: [inboxPolicies.inboxId, inboxPolicies.name], set: { document, version: before.version + 1, updatedAt: new Date() } })
      .returning();
    await recordAudit(tx, caller, { action: 'update', resourceType: 'policy', resourceId: `${inboxId}/${name}`, before: before.document, after: document });
    return row!.version;
  });
  try {
    await deps.policies.propagate({ orgId: caller.orgId, inboxId, name, version, document });
  } catch (error) {
    // The change is stored; workflows also read policies when they start a step, so an unreachable
    // Temporal delays the news but loses nothing.
    deps.logger.warn({ err: error, inboxId, policy: name }, 'policy saved but not yet propagated to running workflows');
  }
  return document;
}
