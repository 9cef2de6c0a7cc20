import { WorkflowNotFoundError } from '@temporalio/client';
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import { z } from 'zod';
import type { CommunicationRow } from '../../db/communications.ts';
import { contactsOfConversations } from '../../db/contacts.ts';
import { inVisibleInboxes } from '../../db/inboxes.ts';
import { byCreation, newestFirst } from '../../db/newest-first.ts';
import { communications } from '../../db/schema/index.ts';
import { callStatuses, finalCallStatuses } from '../../domain/calls/voice-events.ts';
import { callStateQuery, callWorkflowId, type CallState } from '../../workflows/call/contract.ts';
import { outboundCallStateQuery, outboundCallWorkflowId } from '../../workflows/outbound-call/contract.ts';
import { callById, visibleInbox } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { listOf, pageQuery, pageRequest, toPage } from '../http/pagination.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { contactRefSchema, otherParty } from '../feed/present.ts';

const callSchema = z
  .object({
    callId: z.string(), inboxId: z.string(), contact: contactRefSchema,
    direction: z.enum(['inbound', 'outbound']).meta({ description: 'outbound: placed by an agent (click to call)' }),
    from: z.string(), to: z.string(),
    status: z.enum(callStatuses).meta({ description: 'Outbound calls: dialing, connected, completed, no_answer or failed' }),
    ringing: z.array(z.string()), answeredBy: z.string().nullable(), attempts: z.number().int(),
    startedAt: z.string().nullable(), answeredAt: z.string().nullable(), endedAt: z.string().nullable(),
    events: z.array(z.object({ at: z.string(), type: z.string(), detail: z.record(z.string(), z.unknown()).optional() })),
  })
  .meta({ id: 'Call' });

type ContactOf = Map<string, { id: string; name: string | null }>;

const fromRow = (row: CommunicationRow, contacts: ContactOf) => {
  const details = row.details as { timeline?: CallState['events']; attempts?: number };
  return {
    callId: row.externalId, inboxId: row.inboxId, contact: contactOf(row, contacts), direction: row.direction, from: row.fromE164, to: row.toE164, status: row.status, ringing: [],
    answeredBy: row.agentUserId, attempts: details.attempts ?? 0, startedAt: row.occurredAt.toISOString(),
    answeredAt: row.answeredAt?.toISOString() ?? null, endedAt: row.endedAt?.toISOString() ?? null, events: details.timeline ?? [],
  };
};

/** The call's contact, with the number the call was with. */
const contactOf = (row: CommunicationRow, contacts: ContactOf) =>
  ({ ...contacts.get(row.conversationId)!, phone: otherParty({ direction: row.direction, from_e164: row.fromE164, to_e164: row.toE164 }) });

export function callRoutes(deps: ApiDeps): RouteSpec[] {
  const { db } = deps;
  return [
    defineRoute({
      method: 'get', path: '/v1/calls/:callId', summary: 'A call: live from its workflow while it runs, from the inbox record after',
      tags: ['calls'], access: 'agent', params: z.object({ callId: z.string().min(1).max(128) }),
      responses: { 200: { description: 'The call', schema: callSchema } },
      resource: callById(db),
      handler: async ({ caller, resource: row }) => {
        const contacts = await contactsOfConversations(db, [row.conversationId]);
        if ((finalCallStatuses as string[]).includes(row.status)) return { status: 200, body: fromRow(row, contacts) };
        const live = await liveState(row);
        return { status: 200, body: live && live.orgId === caller.orgId ? { ...live, inboxId: row.inboxId, contact: contactOf(row, contacts), direction: row.direction } : fromRow(row, contacts) };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/calls', summary: 'List calls, newest first', tags: ['calls'], access: 'agent',
      query: pageQuery.extend({
        inboxId: z.string().min(1).optional(),
        active: z.enum(['true', 'false']).optional().meta({ description: 'true: only calls still routing, ringing, dialing, connected or in voicemail' }),
      }),
      responses: { 200: { description: 'A page of calls', schema: listOf(callSchema) } },
      handler: async ({ query, caller }) => {
        if (query.inboxId) await visibleInbox(db, caller, query.inboxId);
        const page = await newestFirst(db.select().from(communications).$dynamic(), byCreation(communications), and(
          eq(communications.orgId, caller.orgId), eq(communications.kind, 'call'),
          query.inboxId ? eq(communications.inboxId, query.inboxId) : inVisibleInboxes(db, caller, communications.inboxId),
          query.active === 'true' ? notInArray(communications.status, [...finalCallStatuses]) : undefined,
          query.active === 'false' ? inArray(communications.status, [...finalCallStatuses]) : undefined,
        ), pageRequest(query));
        const contacts = await contactsOfConversations(db, [...new Set(page.rows.map((row) => row.conversationId))]);
        return { status: 200, body: toPage(page, (row) => fromRow(row, contacts)) };
      },
    }),
  ];

  async function liveState(row: CommunicationRow): Promise<CallState | undefined> {
    try {
      if (row.direction === 'outbound') return await deps.temporal.workflow.getHandle(outboundCallWorkflowId(row.externalId)).query(outboundCallStateQuery);
      return await deps.temporal.workflow.getHandle(callWorkflowId(row.externalId)).query(callStateQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }
}
