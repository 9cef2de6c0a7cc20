import { z } from 'zod';
import { changeInboxPolicy, loadInboxPolicies } from '../../db/inbox-policies.ts';
import type { InboxRow } from '../../db/inboxes.ts';
import { mergePatch, policyNames, policySchemas, type PolicyName } from '../../domain/policies/index.ts';
import { inboxById } from '../access.ts';
import { recordAudit } from '../../db/audit-log.ts';
import type { ApiDeps } from '../deps.ts';
import type { OrgCaller } from '../http/auth.ts';
import { badRequest, forbidden } from '../http/problem.ts';
import { defineRoute, toFieldErrors, type ResponseSpec, type RouteSpec } from '../http/route.ts';
import { idParams } from '../schemas.ts';

const mergePatchBody = z.record(z.string(), z.unknown()).meta({ description: 'A JSON merge patch (RFC 7396) of the policy: null removes a field, which then takes its default.' });

// Only admins change configuration; an agent may tune the automation of its own personal inbox (docs/api.md, "Policies").
const selfServed: PolicyName[] = ['automation'];

export function policyRoutes(deps: ApiDeps): RouteSpec[] {
  const { db } = deps;
  return policyNames.flatMap((name) => {
    const schema = policySchemas[name];
    const path = `/v1/inboxes/:id/policies/${name}`;
    const tags = ['policies'];
    const ok = { description: `The ${name} policy`, schema };
    const self = selfServed.includes(name);
    const writer = self ? 'agent' : 'admin';
    const who = self ? " (admins; an agent or supervisor for its own personal inbox)" : '';
    const refused: Record<number, ResponseSpec> = self ? { 403: { description: 'Not an admin, and not the owner of this personal inbox' } } : {};
    const mayWrite = (caller: OrgCaller, inbox: InboxRow) => {
      if (caller.role === 'admin') return;
      if (!(self && inbox.kind === 'personal' && caller.userId !== null && inbox.ownerUserId === caller.userId)) {
        throw forbidden(`Only admins change the ${name} policy${self ? ", and an agent that of its own personal inbox" : ''}.`);
      }
    };
    return [
      defineRoute({
        method: 'get', path, summary: `The inbox's ${name} policy (defaults until set)`, tags, access: 'agent', params: idParams,
        responses: { 200: ok },
        resource: inboxById(db),
        handler: async ({ resource: inbox }) => ({ status: 200, body: (await loadInboxPolicies(db, inbox.id))[name] }),
      }),
      defineRoute({
        method: 'put', path, summary: `Replace the ${name} policy; missing fields take their defaults${who}`, tags, access: writer, params: idParams, body: schema,
        responses: { 200: ok, ...refused },
        resource: inboxById(db),
        handler: async ({ body, caller, resource: inbox }) => {
          mayWrite(caller, inbox);
          return { status: 200, body: await savePolicy(deps, caller, inbox.id, name, () => body) };
        },
      }),
      defineRoute({
        method: 'patch', path, summary: `Change part of the ${name} policy (JSON merge patch)${who}`, tags, access: writer, params: idParams, body: mergePatchBody,
        responses: { 200: ok, ...refused },
        resource: inboxById(db),
        handler: async ({ body, caller, resource: inbox }) => {
          mayWrite(caller, inbox);
          return {
            status: 200,
            body: await savePolicy(deps, caller, inbox.id, name, (current) => {
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
 * Stores the policy, its audit entry and the notice for the inbox's workflows together, then delivers the notice.
 * The caller has checked the inbox. `change` turns the stored document into the new one; it runs under the
 * policy's row lock, so a concurrent change is applied to what this one stored, never to the same old document.
 * While Temporal is unreachable the answer does not wait: the outbox delivers the change once it is back.
 */
async function savePolicy(deps: ApiDeps, caller: OrgCaller, inboxId: string, name: PolicyName, change: (current: unknown) => unknown) {
  const document = await deps.db.transaction(async (tx) => {
    const changed = await changeInboxPolicy(tx, { orgId: caller.orgId, inboxId, name }, change);
    await recordAudit(tx, caller, { action: 'update', resourceType: 'policy', resourceId: `${inboxId}/${name}`, before: changed.before, after: changed.after });
    await deps.outbox.record(tx, { kind: 'policy_changed', change: { orgId: caller.orgId, inboxId, name, version: changed.version, document: changed.after } });
    return changed.after;
  });
  await deps.outbox.flush();
  return document;
}
