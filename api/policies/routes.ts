import { z } from 'zod';
import { changeInboxPolicy, loadInboxPolicies } from '../../db/inbox-policies.ts';
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
          return { status: 200, body: (await loadInboxPolicies(db, params.id))[name] };
        },
      }),
      defineRoute({
        method: 'put', path, summary: `Replace the ${name} policy; missing fields take their defaults`, tags, access: 'admin', params: idParams, body: schema,
        responses: { 200: ok },
        handler: async ({ params, body, caller }) => {
          await visibleInbox(db, caller, params.id);
          return { status: 200, body: await savePolicy(deps, caller, params.id, name, () => body) };
        },
      }),
      defineRoute({
        method: 'patch', path, summary: `Change part of the ${name} policy (JSON merge patch)`, tags, access: 'admin', params: idParams, body: mergePatchBody,
        responses: { 200: ok },
        handler: async ({ params, body, caller }) => {
          await visibleInbox(db, caller, params.id);
          return {
            status: 200,
            body: await savePolicy(deps, caller, params.id, name, (current) => {
              const merged = schema.safeParse(mergePatch(current, body));
              if (!merged.success) throw badRequest(`The ${name} policy would not be valid.`, toFieldErrors(merged.error));
              return merged.data;
            }),
          };
        },
      }),
    ];
  });
}

/**
 * Stores the policy and its audit entry together, then tells the inbox's workflows. The caller has checked the
 * inbox. `change` turns the stored document into the new one; it runs under the policy's row lock, so a
 * concurrent change is applied to what this one stored, never to the same old document.
 */
async function savePolicy(
  deps: ApiDeps & { policies: PolicyPropagator }, caller: OrgCaller, inboxId: string, name: PolicyName, change: (current: unknown) => unknown,
) {
  const { after: document, version } = await deps.db.transaction(async (tx) => {
    const changed = await changeInboxPolicy(tx, { orgId: caller.orgId, inboxId, name }, change);
    await recordAudit(tx, caller, { action: 'update', resourceType: 'policy', resourceId: `${inboxId}/${name}`, before: changed.before, after: changed.after });
    return changed;
  });
  try {
    await deps.policies.propagate({ orgId: caller.orgId, inboxId, name, version, document });
  } catch (error) {
    // The change is stored and a later change carries it too. Until then: auto-mark-as-read and the daily
    // report re-read their policy when they start and when they continue as new; a new call reads routing
    // when it starts; a workflow that should start now starts with the next change.
    deps.logger.warn({ err: error, inboxId, policy: name }, 'policy saved but not yet propagated to running workflows');
  }
  return document;
}
