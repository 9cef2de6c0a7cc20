import { z } from 'zod';
import { conversationFor } from '../../activities/calls.ts';
import { loadInboxPolicies } from '../../db/inbox-policies.ts';
import { startOnce } from '../../workflows/client/start-workflow.ts';
import { outboundMessageWorkflowId, type ReplyInput } from '../../workflows/messages/contract.ts';
import { replyWorkflow } from '../../workflows/messages/reply-workflow.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { idempotentId } from '../outbound/idempotent-id.ts';
import { chooseSendingNumber } from '../outbound/sending-number.ts';
import { e164Schema } from '../schemas.ts';

const sendBody = z.strictObject({
  to: e164Schema,
  body: z.string().trim().min(1).max(1600),
  from: e164Schema.optional().meta({ description: "A number of an inbox where the key's user is connected; default: the primary number of the user's default inbox" }),
});

const accepted = z.object({
  messageId: z.string().meta({ description: 'The id of the message in its conversation (a communication id); the same for a retry with the same Idempotency-Key' }),
  conversationId: z.string(),
}).meta({ id: 'OutboundMessageAccepted' });

export function messageRoutes(deps: ApiDeps): RouteSpec[] {
  const { db } = deps;
  return [
    defineRoute({
      method: 'post', path: '/v1/messages',
      summary: 'Send a new SMS from a chosen number (send an Idempotency-Key header to make retries safe)', tags: ['messages'],
      access: 'agent', body: sendBody,
      responses: { 202: { description: 'Accepted: it goes out through the carrier, with retries, and lands in the contact\'s conversation', schema: accepted } },
      handler: async ({ body, caller, req }) => {
        const line = await chooseSendingNumber(db, caller, { from: body.from });
        const conversation = await conversationFor(db, caller.orgId, line.inboxId, body.to, new Date());
        const { automation } = await loadInboxPolicies(db, line.inboxId);
        const messageId = idempotentId('com', caller, req);
        const input: ReplyInput = {
          orgId: caller.orgId, inboxId: line.inboxId, conversationId: conversation.id, from: line.e164, to: body.to, body: body.body,
          agentUserId: caller.userId, manualMarkReadOnly: automation.manualMarkReadOnly, idempotencyKey: `message:${messageId}`, communicationId: messageId,
        };
        // The path replies take; the same Idempotency-Key again finds the first attempt.
        await startOnce(deps.temporal, replyWorkflow, { workflowId: outboundMessageWorkflowId(messageId), taskQueue: deps.taskQueue, args: [input] });
        return { status: 202, body: { messageId, conversationId: conversation.id } };
      },
    }),
  ];
}
