import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { contactsFound } from '../../db/contacts.ts';
import { communications } from '../../db/schema/index.ts';
import { inboxById } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import type { OrgCaller } from '../http/auth.ts';
import { badRequest } from '../http/problem.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { idParams } from '../schemas.ts';
import { contactRefSchema, feedItemSchema, otherParty, toIso, presentItem } from './present.ts';
import {
  conversationHeads, decodeFeedCursor, encodeFeedCursor, threadedFeed, unreadCounts, unthreadedFeed, type FeedFilters,
} from './queries.ts';

const feedQuery = z.object({
  view: z.enum(['threaded', 'unthreaded']).default('threaded').meta({ description: 'threaded: one item per conversation; unthreaded: one per call, voicemail and message' }),
  filter: z.enum(['all', 'unread']).default('all'),
  kind: z.enum(['call', 'voicemail', 'message']).optional().meta({ description: 'Only items of this kind (threaded: conversations holding one)' }),
  direction: z.enum(['inbound', 'outbound']).optional().meta({ description: 'Only items in this direction (threaded: conversations holding one)' }),
  assignee: z.string().min(1).max(64).optional().meta({ description: 'Conversations assigned to `me` (the user the key acts for), to `none`, or to this user id' }),
  contactId: z.string().min(1).max(64).optional().meta({ description: "Only this contact's conversation" }),
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'Contacts whose name has a word starting with it, or with four or more of these digits in a phone' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});

const threadSchema = z
  .object({
    conversationId: z.string(), contact: contactRefSchema, assigneeUserId: z.string().nullable(),
    lastActivityAt: z.string(), unreadCount: z.number().int(), last: feedItemSchema.nullable(), activeCall: feedItemSchema.nullable(),
  })
  .meta({ id: 'FeedThread' });

const feedSchema = z.object({ items: z.array(z.union([threadSchema, feedItemSchema])), nextCursor: z.string().nullable() }).meta({ id: 'Feed' });

export function feedRoutes(deps: ApiDeps): RouteSpec[] {
  const { db } = deps;

  function filtersOf(query: z.output<typeof feedQuery>, caller: OrgCaller): FeedFilters {
    return {
      unreadOnly: query.filter === 'unread', kind: query.kind, direction: query.direction, contactId: query.contactId,
      assignee: query.assignee === undefined ? undefined : assigneeOf(query.assignee, caller),
      contacts: query.q ? contactsFound(db, caller.orgId, query.q).getSQL() : undefined,
    };
  }

  return [
    defineRoute({
      method: 'get', path: '/v1/inboxes/:id/feed', summary: "An inbox's feed: active calls first, then newest activity first", tags: ['feed'],
      access: 'agent', params: idParams, query: feedQuery,
      responses: { 200: { description: 'A page of the feed', schema: feedSchema } },
      resource: inboxById(db),
      handler: async ({ query, caller, resource: inbox }) => {
        const position = decodeFeedCursor(query.cursor);
        const filters = filtersOf(query, caller);
        if (query.view === 'unthreaded') {
          const rows = await unthreadedFeed(db, inbox.id, filters, query.limit, position);
          const page = rows.slice(0, query.limit);
          const last = page.at(-1);
          const nextCursor = rows.length > query.limit && last ? encodeFeedCursor({ active: Number(last.active), at: toIso(last.occurred_at)!, id: last.id }) : null;
          return { status: 200, body: { items: page.map(presentItem), nextCursor } };
        }
        const rows = await threadedFeed(db, inbox.id, filters, query.limit, position);
        const page = rows.slice(0, query.limit);
        const [heads, unreadBy] = await Promise.all([conversationHeads(db, page.map((r) => r.id)), unreadCounts(db, page.map((r) => r.id))]);
        const last = page.at(-1);
        const nextCursor = rows.length > query.limit && last ? encodeFeedCursor({ active: Number(last.active), at: toIso(last.last_activity_at)!, id: last.id }) : null;
        const items = page.map((row) => {
          const head = heads.last.get(row.id);
          const call = heads.activeCall.get(row.id);
          return {
            conversationId: row.id, contact: { id: row.contact_id, name: row.name, phone: head ? otherParty(head) : row.phone! },
            assigneeUserId: row.assignee_user_id, lastActivityAt: toIso(row.last_activity_at)!,
            unreadCount: unreadBy.get(row.id) ?? 0, last: head ? presentItem(head) : null, activeCall: call ? presentItem(call) : null,
          };
        });
        return { status: 200, body: { items, nextCursor } };
      },
    }),
    defineRoute({
      method: 'get', path: '/v1/inboxes/:id/unread-count', summary: 'How many calls, voicemails and messages are unread', tags: ['feed'],
      access: 'agent', params: idParams,
      responses: { 200: { description: 'The unread count', schema: z.object({ unread: z.number().int() }) } },
      resource: inboxById(db),
      handler: async ({ resource: inbox }) => {
        const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(communications).where(and(eq(communications.inboxId, inbox.id), isNull(communications.readAt)));
        return { status: 200, body: { unread: Number(row!.n) } };
      },
    }),
  ];
}

/** `me` is the user the key acts for, `none` nobody; anything else a user id. */
function assigneeOf(assignee: string, caller: OrgCaller): string | null {
  if (assignee === 'none') return null;
  if (assignee !== 'me') return assignee;
  if (!caller.userId) throw badRequest('This key acts for no user, so it has no "me".', [{ path: 'assignee', message: '"me" needs a key that acts for a user' }]);
  return caller.userId;
}
