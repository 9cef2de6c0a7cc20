import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { communications } from '../../db/schema/index.ts';
import { inboxById } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { idParams } from '../schemas.ts';
import { feedItemSchema, toIso, presentItem } from './present.ts';
import { conversationHeads, decodeFeedCursor, encodeFeedCursor, threadedFeed, unreadCounts, unthreadedFeed } from './queries.ts';

const feedQuery = z.object({
  view: z.enum(['threaded', 'unthreaded']).default('threaded').meta({ description: 'threaded: one item per conversation; unthreaded: one per call, voicemail and message' }),
  filter: z.enum(['all', 'unread']).default('all'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});

const threadSchema = z
  .object({
    conversationId: z.string(), contact: z.object({ id: z.string(), e164: z.string(), name: z.string().nullable() }),
    lastActivityAt: z.string(), unreadCount: z.number().int(), last: feedItemSchema.nullable(), activeCall: feedItemSchema.nullable(),
  })
  .meta({ id: 'FeedThread' });

const feedSchema = z.object({ items: z.array(z.union([threadSchema, feedItemSchema])), nextCursor: z.string().nullable() }).meta({ id: 'Feed' });

export function feedRoutes(deps: ApiDeps): RouteSpec[] {
  const { db } = deps;
  return [
    defineRoute({
      method: 'get', path: '/v1/inboxes/:id/feed', summary: "An inbox's feed: active calls first, then newest activity first", tags: ['feed'],
      access: 'agent', params: idParams, query: feedQuery,
      responses: { 200: { description: 'A page of the feed', schema: feedSchema } },
      resource: inboxById(db),
      handler: async ({ query, resource: inbox }) => {
        const position = decodeFeedCursor(query.cursor);
        const unread = query.filter === 'unread';
        if (query.view === 'unthreaded') {
          const rows = await unthreadedFeed(db, inbox.id, unread, query.limit, position);
          const page = rows.slice(0, query.limit);
          const last = page.at(-1);
          const nextCursor = rows.length > query.limit && last ? encodeFeedCursor({ active: Number(last.active), at: toIso(last.occurred_at)!, id: last.id }) : null;
          return { status: 200, body: { items: page.map(presentItem), nextCursor } };
        }
        const rows = await threadedFeed(db, inbox.id, unread, query.limit, position);
        const page = rows.slice(0, query.limit);
        const [heads, unreadBy] = await Promise.all([conversationHeads(db, page.map((r) => r.id)), unreadCounts(db, page.map((r) => r.id))]);
        const last = page.at(-1);
        const nextCursor = rows.length > query.limit && last ? encodeFeedCursor({ active: Number(last.active), at: toIso(last.last_activity_at)!, id: last.id }) : null;
        const items = page.map((row) => {
          const head = heads.last.get(row.id);
          const call = heads.activeCall.get(row.id);
          return {
            conversationId: row.id, contact: { id: row.contact_id, e164: row.e164, name: row.name }, lastActivityAt: toIso(row.last_activity_at)!,
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
