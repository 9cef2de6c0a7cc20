// Everything the console reads about conversations, in one place: the inbox feed (through the API's feed
// route) and one conversation with its items. The API has no route for one conversation yet, so that part
// reads the database behind the API's own visibility rule (api/access.ts); when GET /v1/conversations/:id and
// its /items arrive, readConversation should call them through the console's API client instead.
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { conversationPhone } from '../../db/conversations.ts';
import { communications, contacts } from '../../db/schema/index.ts';
import { conversationById } from '../access.ts';
import type { OrgCaller } from '../http/auth.ts';
import { notFound } from '../http/problem.ts';
import { orNotFound } from '../http/resource.ts';
import { assertAcceptableText } from '../http/text-guard.ts';
import { idParams } from '../schemas.ts';
import { apiRoutes } from './api-routes.ts';
import type { ConsoleContext } from './context.ts';

/** One call, voicemail or message, as the feed shows it. */
/** Who a conversation or item is with, as the API's feed shows it. */
export interface ContactRef { id: string; name: string | null; phone: string }

export interface FeedItem {
  id: string; kind: 'call' | 'voicemail' | 'message'; direction: 'inbound' | 'outbound'; status: string; conversationId: string;
  externalId: string; contact: ContactRef; from: string; to: string; body: string | null; agentUserId: string | null;
  durationSec: number | null; occurredAt: string; read: boolean; transcription: string | null; recordingUrl: string | null;
}

/** One conversation in the threaded feed. */
export interface FeedThread {
  conversationId: string; contact: ContactRef; lastActivityAt: string;
  unreadCount: number; last: FeedItem | null; activeCall: FeedItem | null;
}

export interface FeedQuery { view: 'threaded' | 'unthreaded'; filter: 'all' | 'unread'; cursor?: string }

export async function readFeed(ctx: ConsoleContext, inboxId: string, query: FeedQuery) {
  const { body } = await ctx.api<{ items: (FeedThread | FeedItem)[]; nextCursor: string | null }>(apiRoutes.feed, {
    params: { id: inboxId }, query: { view: query.view, filter: query.filter, cursor: query.cursor, limit: 50 },
  });
  return body;
}

export interface Conversation {
  id: string;
  inboxId: string;
  contact: ContactRef;
  /** Oldest first, as a thread reads. */
  items: FeedItem[];
}

const ITEMS_SHOWN = 100;

/** A conversation the caller may see, with its newest items; a 404 problem otherwise. */
export async function readConversation(db: Database, caller: OrgCaller, conversationId: string): Promise<Conversation> {
  // The checks an API route makes on its path before the database sees it.
  assertAcceptableText({ params: { id: conversationId }, query: {}, body: {} });
  if (!idParams.safeParse({ id: conversationId }).success) throw notFound('The conversation');
  const conversation = orNotFound(await conversationById(db).find({ params: { id: conversationId }, caller }), 'The conversation');
  const [contact] = await db.select().from(contacts).where(eq(contacts.id, conversation.contactId));
  const rows = await db.select().from(communications)
    .where(and(eq(communications.orgId, caller.orgId), eq(communications.conversationId, conversation.id)))
    .orderBy(desc(communications.occurredAt), desc(communications.id)).limit(ITEMS_SHOWN);
  return {
    id: conversation.id,
    inboxId: conversation.inboxId,
    contact: { id: contact!.id, name: contact!.name, phone: (await conversationPhone(db, conversation)) ?? '' },
    items: rows.reverse().map((row) => {
      const details = row.details as { transcription?: string | null; recordingUrl?: string };
      return {
        id: row.id, kind: row.kind, direction: row.direction, status: row.status, conversationId: row.conversationId, externalId: row.externalId,
        contact: { id: contact!.id, name: contact!.name, phone: row.direction === 'inbound' ? row.fromE164 : row.toE164 }, from: row.fromE164, to: row.toE164, body: row.body,
        agentUserId: row.agentUserId, durationSec: row.durationSec, occurredAt: row.occurredAt.toISOString(), read: row.readAt !== null,
        transcription: details.transcription ?? null, recordingUrl: details.recordingUrl ?? null,
      };
    }),
  };
}
