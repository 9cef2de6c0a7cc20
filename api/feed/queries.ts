import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { rowsOf } from '../../db/rows.ts';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../http/pagination.ts';

// The columns every feed item shows, with its conversation's contact; an outbound message's status is its latest delivery status.
const ITEM_COLUMNS = sql.raw(`c.id, c.kind, c.direction, coalesce(ms.status, c.status) as status, c.conversation_id, c.external_id, c.from_e_164 as from_e164,
  c.to_e_164 as to_e164, c.body, c.agent_user_id, c.duration_sec, c.occurred_at, c.answered_at, c.ended_at, c.read_at, c.read_by, c.details,
  icv.contact_id, ict.name as contact_name`);
const ITEM_JOINS = sql.raw(`left join message_statuses ms on c.kind = 'message' and c.direction = 'outbound' and ms.message_id = c.external_id
  join conversations icv on icv.id = c.conversation_id join contacts ict on ict.id = icv.contact_id`);

/** What a feed may be narrowed to, besides the inbox; every filter is optional and they combine. */
export interface FeedFilters {
  unreadOnly: boolean;
  kind?: 'call' | 'voicemail' | 'message';
  direction?: 'inbound' | 'outbound';
  /** A user id, or null for conversations nobody is assigned to. */
  assignee?: string | null;
  contactId?: string;
  /** The contacts a search finds (a subquery of their ids). */
  contacts?: SQL;
}

// Filters on a conversation (under this alias): its assignee and contact.
function conversationFilter(alias: string, filters: FeedFilters): SQL {
  const parts: SQL[] = [];
  if (filters.assignee === null) parts.push(sql`and ${sql.raw(alias)}.assignee_user_id is null`);
  else if (filters.assignee !== undefined) parts.push(sql`and ${sql.raw(alias)}.assignee_user_id = ${filters.assignee}`);
  if (filters.contactId) parts.push(sql`and ${sql.raw(alias)}.contact_id = ${filters.contactId}`);
  if (filters.contacts) parts.push(sql`and ${sql.raw(alias)}.contact_id in (${filters.contacts})`);
  return sql.join(parts, sql` `);
}

// Filters on one item (under this alias): read state, kind and direction.
function itemFilter(alias: string, filters: FeedFilters): SQL {
  const parts: SQL[] = [];
  if (filters.unreadOnly) parts.push(sql`and ${sql.raw(alias)}.read_at is null`);
  if (filters.kind) parts.push(sql`and ${sql.raw(alias)}.kind = ${filters.kind}`);
  if (filters.direction) parts.push(sql`and ${sql.raw(alias)}.direction = ${filters.direction}`);
  return sql.join(parts, sql` `);
}

/** Feed position: active calls first, then newest activity first, ids breaking ties. */
export interface FeedPosition { active: number; at: string; id: string }

const feedPosition = z.tuple([z.union([z.literal(0), z.literal(1)]), z.iso.datetime(), z.string()]);
export const encodeFeedCursor = (p: FeedPosition) => encodeCursor([p.active, p.at, p.id]);
export function decodeFeedCursor(cursor: string | undefined): FeedPosition | undefined {
  const position = decodeCursor(cursor, feedPosition);
  return position && { active: position[0], at: position[1], id: position[2] };
}

// Written exactly as the partial indexes' predicate, so the planner can use them.
const ACTIVE_CALL = (alias: string) => sql.raw(`${alias}.kind = 'call' and ${alias}.status in ('routing', 'ringing', 'dialing', 'connected', 'voicemail')`);

/**
 * Keyset over (active desc, at desc, id desc) without sorting the inbox: active calls and everything else are
 * two index-backed halves that each stop after one page. New arrivals land before the first page, never
 * inside later ones.
 */
function halves(position: FeedPosition | undefined, half: (active: 0 | 1, after: SQL) => SQL, at: string, id: string) {
  const after = (active: 0 | 1) =>
    position && position.active === active ? sql`and (${sql.raw(at)}, ${sql.raw(id)}) < (${position.at}::timestamptz, ${position.id})` : sql``;
  // Past the active calls, the next page never needs them again.
  const parts = position?.active === 0 ? [half(0, after(0))] : [half(1, after(1)), half(0, after(0))];
  return sql.join(parts, sql` union all `);
}

export interface FeedRow {
  id: string; kind: string; direction: string; status: string; conversation_id: string; external_id: string; from_e164: string; to_e164: string;
  body: string | null; agent_user_id: string | null; duration_sec: number | null; occurred_at: Date; answered_at: Date | null; ended_at: Date | null;
  read_at: Date | null; read_by: string | null; details: Record<string, unknown>; contact_id: string; contact_name: string | null; active: number;
}

/** One row per call, voicemail and message. */
export async function unthreadedFeed(db: Database, inboxId: string, filters: FeedFilters, limit: number, position?: FeedPosition): Promise<FeedRow[]> {
  const half = (active: 0 | 1, after: SQL) => sql`(
    select ${ITEM_COLUMNS}, ${sql.raw(String(active))} as active from communications c ${ITEM_JOINS}
    where c.inbox_id = ${inboxId} and ${active ? sql`(${ACTIVE_CALL('c')})` : sql`not (${ACTIVE_CALL('c')})`}
      ${itemFilter('c', filters)} ${conversationFilter('icv', filters)} ${after}
    order by c.occurred_at desc, c.id desc limit ${limit + 1})`;
  const result = await db.execute(sql`
    select * from (${halves(position, half, 'c.occurred_at', 'c.id')}) feed
    order by active desc, occurred_at desc, id desc limit ${limit + 1}`);
  return rowsOf<FeedRow>(result);
}

export interface ThreadRow {
  id: string; last_activity_at: Date; assignee_user_id: string | null; contact_id: string; phone: string | null; name: string | null; active: number;
}

/**
 * One row per conversation (a contact within the inbox). Filters on items keep the conversations that hold at
 * least one such item (unread, of that kind, in that direction).
 */
export async function threadedFeed(db: Database, inboxId: string, filters: FeedFilters, limit: number, position?: FeedPosition): Promise<ThreadRow[]> {
  const hasActiveCall = sql`exists (select 1 from communications a where a.conversation_id = cv.id and ${ACTIVE_CALL('a')})`;
  const items = itemFilter('u', filters);
  const hasItems = filters.unreadOnly || filters.kind || filters.direction
    ? sql`and exists (select 1 from communications u where u.conversation_id = cv.id ${items})` : sql``;
  const half = (active: 0 | 1, after: SQL) => sql`(
    select cv.id, cv.last_activity_at, cv.assignee_user_id, ct.id as contact_id, ct.name, ${sql.raw(String(active))} as active,
      (select p.e164 from contact_phones p where p.contact_id = ct.id order by p.position, p.e164 limit 1) as phone
    from conversations cv join contacts ct on ct.id = cv.contact_id
    where cv.inbox_id = ${inboxId} and ${active ? hasActiveCall : sql`not ${hasActiveCall}`} ${hasItems} ${conversationFilter('cv', filters)} ${after}
    order by cv.last_activity_at desc, cv.id desc limit ${limit + 1})`;
  const result = await db.execute(sql`
    select * from (${halves(position, half, 'cv.last_activity_at', 'cv.id')}) feed
    order by active desc, last_activity_at desc, id desc limit ${limit + 1}`);
  return rowsOf<ThreadRow>(result);
}

/**
 * A page's conversation ids as one text[] parameter. With one placeholder per id, building the page's two
 * statements was 45% of what a threaded first page allocated (1.1 MB a request, measured), garbage whose
 * collections showed in the p99.
 */
const idArray = (ids: string[]) => sql`${sql.param(ids)}::text[]`;

/** Unread items per conversation, for one page of conversations. */
export async function unreadCounts(db: Database, conversationIds: string[]): Promise<Map<string, number>> {
  if (conversationIds.length === 0) return new Map();
  // Kept by triggers on communications (db/schema/communications.ts), not counted here.
  const rows = rowsOf<{ conversation_id: string; n: number }>(await db.execute(sql`
    select conversation_id, unread as n from conversation_unread_counts where conversation_id = any(${idArray(conversationIds)}) and unread <> 0`));
  return new Map(rows.map((r) => [r.conversation_id, Number(r.n)]));
}

/**
 * The newest communication and the active call of each conversation: one index probe per conversation (a
 * lateral LIMIT 1), never a read of every item of the page's conversations (157 ms of the threaded first
 * page at 1M items).
 */
export async function conversationHeads(db: Database, conversationIds: string[]): Promise<{ last: Map<string, FeedRow>; activeCall: Map<string, FeedRow> }> {
  if (conversationIds.length === 0) return { last: new Map(), activeCall: new Map() };
  const ids = idArray(conversationIds);
  const head = (name: 'last' | 'active', active: 0 | 1, where: SQL) => sql`
    select ${sql.raw(`'${name}'`)} as head, ${ITEM_COLUMNS}, ${sql.raw(String(active))} as active
    from unnest(${ids}) h(conversation_id)
    cross join lateral (
      select * from communications l where l.conversation_id = h.conversation_id ${where} order by l.occurred_at desc, l.id desc limit 1
    ) c ${ITEM_JOINS}`;
  const rows = rowsOf<FeedRow & { head: string }>(await db.execute(sql`
    ${head('last', 0, sql``)} union all ${head('active', 1, sql`and ${ACTIVE_CALL('l')}`)}`));
  const pick = (name: string) => new Map(rows.filter((r) => r.head === name).map((r) => [r.conversation_id, r]));
  return { last: pick('last'), activeCall: pick('active') };
}
