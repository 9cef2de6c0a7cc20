import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { lockConversation, markUnreadItemsRead } from '../../db/conversation-read.ts';
import { conversationPhone } from '../../db/conversations.ts';
import type { Database } from '../../db/database.ts';
import { loadInboxPolicies } from '../../db/inbox-policies.ts';
import { communications } from '../../db/schema/index.ts';
import { conversationFor } from '../../activities/calls.ts';
import { startOnce } from '../../workflows/client/start-workflow.ts';
import { replyWorkflowId, type ReplyInput } from '../../workflows/messages/contract.ts';
import { replyWorkflow } from '../../workflows/messages/reply-workflow.ts';
import { assertConnected, communicationById, conversationById } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import type { OrgCaller } from '../http/auth.ts';
import { conflict } from '../http/problem.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { chooseSendingNumber } from '../outbound/sending-number.ts';
import { e164Schema, idParams } from '../schemas.ts';

const REPLY_WAIT_MS = 8000;
const readBy = (caller: OrgCaller) => caller.userId ?? caller.keyId;
const notConnected = { description: "Only the inbox's connected users and admins act on it: watching users only observe" };

const replyResult = z.object({
  status: z.enum(['sent', 'sending']), workflowId: z.string(), messageId: z.string().nullable(), communicationId: z.string().nullable(),
  conversationId: z.string().meta({ description: 'Where the reply is recorded: this conversation, or the contact\'s in the inbox owning `from`' }),
}).meta({ id: 'Reply' });

export function conversationRoutes(deps: ApiDeps): RouteSpec[] {
  const { db } = deps;
  return [
    defineRoute({
      method: 'post', path: '/v1/conversations/:id/read', summary: 'Mark every item of a conversation read', tags: ['read state'],
      access: 'agent', params: idParams,
      responses: { 200: { description: 'How many items were marked', schema: z.object({ conversationId: z.string(), marked: z.number().int() }) }, 403: notConnected },
      resource: conversationById(db),
      handler: async ({ caller, resource: conversation }) => {
        await assertConnected(db, caller, conversation.inboxId);
        const marked = await db.transaction(async (tx) => {
          await lockConversation(tx, conversation.id);
          return markUnreadItemsRead(tx, conversation.id, readBy(caller));
        });
        return { status: 200, body: { conversationId: conversation.id, marked } };
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/conversations/:id/messages',
      summary: "Reply by SMS, from `from` or the inbox's primary number (send an Idempotency-Key header to make retries safe)", tags: ['messages'],
      access: 'agent', params: idParams,
      body: z.strictObject({
        body: z.string().trim().min(1).max(1600),
        from: e164Schema.optional().meta({ description: "A number of an inbox where the key's user is connected; default: the conversation's inbox's primary number" }),
      }),
      responses: {
        201: { description: 'Sent and recorded', schema: replyResult },
        202: { description: 'Accepted; the carrier has not confirmed yet and sending goes on with retries', schema: replyResult },
        403: notConnected,
      },
      resource: conversationById(db),
      handler: async ({ body, caller, req, resource: conversation }) => {
        await assertConnected(db, caller, conversation.inboxId);
        const line = await chooseSendingNumber(db, caller, { from: body.from, replyInboxId: conversation.inboxId });
        const to = await conversationPhone(db, conversation);
        if (!to) throw conflict('The contact has no phone to send to.');
        // From another inbox's number, the reply belongs to the contact's conversation there: that is where the answer lands.
        const thread = line.inboxId === conversation.inboxId ? conversation : await conversationFor(db, caller.orgId, line.inboxId, to, new Date());
        const { automation } = await loadInboxPolicies(db, thread.inboxId);
        const key = (req.get('idempotency-key') ?? randomUUID()).slice(0, 100);
        const workflowId = replyWorkflowId(conversation.id, key);
        const input: ReplyInput = {
          orgId: caller.orgId, inboxId: thread.inboxId, conversationId: thread.id, from: line.e164, to, body: body.body,
          agentUserId: caller.userId, manualMarkReadOnly: automation.manualMarkReadOnly,
          idempotencyKey: `reply:${conversation.id}:${key}`,
        };
        // The same Idempotency-Key again: answer with the first attempt's outcome.
        const handle = await startOnce(deps.temporal, replyWorkflow, { workflowId, taskQueue: deps.taskQueue, args: [input] });
        const result = await Promise.race([
          handle.result(),
          new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), REPLY_WAIT_MS).unref()),
        ]);
        if (!result) return { status: 202, body: { status: 'sending', workflowId, messageId: null, communicationId: null, conversationId: thread.id } };
        return { status: 201, body: { status: 'sent', workflowId, ...result, conversationId: thread.id } };
      },
    }),
    defineRoute({
      method: 'post', path: '/v1/communications/:id/read', summary: 'Mark one call, voicemail or message read', tags: ['read state'],
      access: 'agent', params: idParams,
      responses: { 200: { description: 'Its read state', schema: z.object({ id: z.string(), read: z.boolean() }) }, 403: notConnected },
      resource: communicationById(db),
      handler: async ({ caller, resource }) => ({ status: 200, body: await setRead(db, caller, resource, true) }),
    }),
    defineRoute({
      method: 'post', path: '/v1/communications/:id/unread', summary: 'Mark one call, voicemail or message unread', tags: ['read state'],
      access: 'agent', params: idParams,
      responses: { 200: { description: 'Its read state', schema: z.object({ id: z.string(), read: z.boolean() }) }, 403: notConnected },
      resource: communicationById(db),
      handler: async ({ caller, resource }) => ({ status: 200, body: await setRead(db, caller, resource, false) }),
    }),
  ];
}

async function setRead(db: Database, caller: OrgCaller, { id, inboxId }: { id: string; inboxId: string }, read: boolean) {
  await assertConnected(db, caller, inboxId);
  await db.update(communications).set(read ? { readAt: new Date(), readBy: readBy(caller) } : { readAt: null, readBy: null }).where(eq(communications.id, id));
  return { id, read };
}
