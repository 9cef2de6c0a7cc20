import { z } from 'zod';
import { conversationFor } from '../../activities/calls.ts';
import { loadInboxPolicies } from '../../db/inbox-policies.ts';
import { recordOutboundCall } from '../../db/outbound-calls.ts';
import { findUser } from '../../db/users.ts';
import { startOnce } from '../../workflows/client/start-workflow.ts';
import { outboundCallIdKind, outboundCallWorkflowId, type OutboundCallInput } from '../../workflows/outbound-call/contract.ts';
import { outboundCallWorkflow } from '../../workflows/outbound-call/outbound-call-workflow.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { idempotentId } from '../outbound/idempotent-id.ts';
import { chooseSendingNumber } from '../outbound/sending-number.ts';
import { e164Schema } from '../schemas.ts';

const callBody = z.strictObject({
  to: e164Schema,
  from: e164Schema.optional().meta({ description: "A number of an inbox where the key's user is connected; default: the primary number of the user's default inbox" }),
});

export function clickToCallRoutes(deps: ApiDeps): RouteSpec[] {
  const { db } = deps;
  return [
    defineRoute({
      method: 'post', path: '/v1/calls',
      summary: "Click to call: the carrier rings the key's user, then dials `to` showing the chosen number (an Idempotency-Key header makes retries safe)",
      tags: ['calls'], access: 'agent', body: callBody,
      responses: { 202: { description: 'Dialing; follow it at GET /v1/calls/{callId}', schema: z.object({ callId: z.string() }).meta({ id: 'OutboundCallAccepted' }) } },
      handler: async ({ body, caller, req }) => {
        const line = await chooseSendingNumber(db, caller, { from: body.from });
        // chooseSendingNumber refuses keys that act for nobody, so there is a user to ring.
        const agent = (await findUser(db, caller.orgId, caller.userId!))!;
        const conversation = await conversationFor(db, caller.orgId, line.inboxId, body.to, new Date());
        const { routing, automation } = await loadInboxPolicies(db, line.inboxId);
        const callId = idempotentId(outboundCallIdKind, caller, req);
        const input: OutboundCallInput = {
          callId, orgId: caller.orgId, inboxId: line.inboxId, conversationId: conversation.id, from: line.e164, to: body.to,
          agent: { userId: agent.id, ...(agent.phone ? { phone: agent.phone } : {}), ...(agent.sipUri ? { sipUri: agent.sipUri } : {}) },
          requestedAt: new Date().toISOString(), noAnswerAfterSec: routing.maxWaitSec, manualMarkReadOnly: automation.manualMarkReadOnly,
        };
        await startOnce(deps.temporal, outboundCallWorkflow, { workflowId: outboundCallWorkflowId(callId), taskQueue: deps.taskQueue, args: [input] });
        // Recorded here as well as by the workflow, so the call and the busy agent show as soon as this answers.
        await recordOutboundCall(db, input);
        return { status: 202, body: { callId } };
      },
    }),
  ];
}
