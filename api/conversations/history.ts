import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../../db/audit-log.ts';
import type { CommunicationRow } from '../../db/communications.ts';
import { isConnectedUser } from '../../db/connected-users.ts';
import { newestFirst, type Keyset } from '../../db/newest-first.ts';
import { communications, conversations, messageStatuses } from '../../db/schema/index.ts';
import { conversationById } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { listOf, pageQuery, pageRequest, toPage } from '../http/pagination.ts';
import { badRequest, forbidden } from '../http/problem.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { idParams, timestamp } from '../schemas.ts';
import { conversationSchema, presentConversation } from './present.ts';

const itemSchema = z
  .object({
    id: z.string(), kind: z.enum(['call', 'voicemail', 'message']), direction: z.enum(['inbound', 'outbound']),
    status: z.string().meta({ description: "A call's outcome, a voicemail's `received`, a message's `received` or latest delivery status" }),
    externalId: z.string().meta({ description: "The carrier's call or message id" }), from: z.string(), to: z.string(), body: z.string().nullable(),
    occurredAt: timestamp, answeredBy: z.string().nullable().meta({ description: 'The user who answered a call' }),
    durationSec: z.number().int().nullable().meta({ description: "A voicemail's length, an answered call's talk time" }),
    recordingUrl: z.string().nullable(), transcription: z.string().nullable(), readAt: timestamp.nullable(),
  })
  .meta({ id: 'ConversationItem' });

type ItemRow = { item: CommunicationRow; deliveryStatus: string | null };
const newestItemsFirst: Keyset<ItemRow> = { at: communications.occurredAt, id: communications.id, positionOf: (row) => ({ at: row.item.occurredAt, id: row.item.id }) };

function presentHistoryItem({ item, deliveryStatus }: ItemRow) {
  const details = item.details as { recordingUrl?: string; transcription?: string | null };
  const talkTime = item.kind === 'call' && item.answeredAt && item.endedAt ? Math.round((item.endedAt.getTime() - item.answeredAt.getTime()) / 1000) : null;
  return {
    id: item.id, kind: item.kind, direction: item.direction, status: deliveryStatus ?? item.status, externalId: item.externalId,
    from: item.fromE164, to: item.toE164, body: item.body, occurredAt: item.occurredAt.toISOString(),
    answeredBy: item.kind === 'call' && item.answeredAt ? item.agentUserId : null, durationSec: item.durationSec ?? talkTime,
    recordingUrl: details.recordingUrl ?? null, transcription: details.transcription ?? null, readAt: item.readAt?.toISOString() ?? null,
  };
}

/** One conversation, its history, and who it is assigned to. */
export function conversationHistoryRoutes(deps: ApiDeps): RouteSpec[] {
  const { db } = deps;
  return [
    defineRoute({
      method: 'get', path: '/v1/conversations/:id', summary: 'A conversation: its contact, assignee, unread count and active call', tags: ['conversations'],
      access: 'agent', params: idParams,
      responses: { 200: { description: 'The conversation', schema: conversationSchema } },
      resource: conversationById(db),
      handler: async ({ resource }) => ({ status: 200, body: await presentConversation(db, resource) }),
    }),
    defineRoute({
      method: 'get', path: '/v1/conversations/:id/items', summary: "A conversation's calls, voicemails and messages, newest first", tags: ['conversations'],
      access: 'agent', params: idParams, query: pageQuery,
      responses: { 200: { description: 'A page of the history', schema: listOf(itemSchema) } },
      resource: conversationById(db),
      handler: async ({ query, resource: conversation }) => {
        const items = db.select({ item: communications, deliveryStatus: messageStatuses.status }).from(communications)
          .leftJoin(messageStatuses, and(eq(communications.kind, 'message'), eq(communications.direction, 'outbound'), eq(messageStatuses.messageId, communications.externalId)))
          .$dynamic();
        const page = await newestFirst(items, newestItemsFirst, eq(communications.conversationId, conversation.id), pageRequest(query));
        return { status: 200, body: toPage(page, presentHistoryItem) };
      },
    }),
    defineRoute({
      method: 'put', path: '/v1/conversations/:id/assignee', summary: 'Assign a conversation to a connected user of its inbox, or unassign it (null)',
      tags: ['conversations'], access: 'agent', params: idParams,
      body: z.strictObject({ userId: z.string().min(1).max(64).nullable().meta({ description: 'A connected user of the inbox, or null for nobody' }) }),
      responses: { 200: { description: 'The conversation', schema: conversationSchema } },
      resource: conversationById(db),
      handler: async ({ body, caller, resource }) => {
        if (caller.role !== 'admin' && !(caller.userId && (await isConnectedUser(db, resource.inboxId, caller.userId)))) {
          throw forbidden("Only an admin or a connected user of the conversation's inbox assigns it.");
        }
        if (body.userId && !(await isConnectedUser(db, resource.inboxId, body.userId))) {
          throw badRequest('The assignee must be a connected user of the inbox.', [{ path: 'userId', message: 'not a connected user of this inbox' }]);
        }
        const row = await db.transaction(async (tx) => {
          const [before] = await tx.select({ assigneeUserId: conversations.assigneeUserId }).from(conversations)
            .where(eq(conversations.id, resource.id)).for('no key update');
          const [after] = await tx.update(conversations).set({ assigneeUserId: body.userId }).where(eq(conversations.id, resource.id)).returning();
          if (before!.assigneeUserId !== body.userId) {
            await recordAudit(tx, caller, { action: 'update', resourceType: 'conversation', resourceId: resource.id, before, after: { assigneeUserId: body.userId } });
          }
          return after!;
        });
        return { status: 200, body: await presentConversation(db, row) };
      },
    }),
  ];
}
