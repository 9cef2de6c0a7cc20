import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { badRequest } from '../http/problem.ts';

const ACTIVE = `('routing','ringing','connected','voicemail')`;
// The columns every feed item shows; an outbound message's status is its latest delivery status.
const ITEM_COLUMNS = sql.raw(`c.id, c.kind, c.direction, coalesce(ms.status, c.status) as status, c.conversation_id, c.external_id, c.from_e_164 as from_e164,
  c.to_e_164 as to_e164, c.body, c.agent_user_id, c.duration_sec, c.occurred_at, c.answered_at, c.ended_at, c.read_at, c.read_by, c.details`);
const STATUS_JOIN = sql.raw(`left join message_statuses ms on c.kind = 'message' and c.direction = 'outbound' and ms.message_id = c.external_id`);

/** Feed position: active calls first, then newest activity first, ids breaking ties. */
export interface FeedPosition { active: number; at: string; id: string }

export const encodeFeedCursor = (p: FeedPosition) => Buffer.from(JSON.stringify([p.active, p.at, p.id])).toString('base64url');
export function decodeFeedCursor(cursor: string | undefined): FeedPosition | undefined {
  if (!cursor) return undefined;
  try {
    const [active, at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [number, string, string];
    if ((active !== 0 && active !== 1) || Number.isNaN(Date.parse(at)) || typeof id !== 'string') throw new Error('bad');
    return { active, at, id };
  } catch {
    throw badRequest('The cursor is not one this API issued.', [{ path: 'cursor', message: 'invalid cursor' }]);
  }
}

// Keyset over (active desc, at desc, id desc): new arrivals land before the first page, never inside later ones.
const after = (active: SQL, at: SQL, id: SQL, p?: FeedPosition) =>
  p ? sql`and (${active} < ${p.active} or (${active} = ${p.active} and (${at} < ${p.at}::timestamptz or (${at} = ${p.at}::timestamptz and ${id} < ${p.id}))))` : sql``;

export interface FeedRow {
  id: string; kind: string; direction: string; status: string; conversation_id: string; external_id: string; from_e164: string; to_e164: string;
  body: string | null; agent_user_id: string | null; duration_sec: number | null; occurred_at: Date; answered_at: Date | null; ended_at: Date | null;
  read_at: Date | null; read_by: string | null; details: Record<string, unknown>; active: number;
}

/** One row per call, voicemail and message. */
export async function unthreadedFeed(db: Database, inboxId: string, unreadOnly: boolean, limit: number, position?: FeedPosition): Promise<FeedRow[]> {
  const active = sql.raw(`(case when c.kind = 'call' and c.status in ${ACTIVE} then 1 else 0 end)`);
  const result = await db.execute(sql`
    select ${ITEM_COLUMNS}, ${active} as active
    from communications c ${STATUS_JOIN}
    where c.inbox_id = ${inboxId} ${unreadOnly ? sql`and c.read_at is null` : sql``}
      ${after(active, sql`c.occurred_at`, sql`c.id`, position)}
    order by ${active} desc, c.occurred_at desc, c.id desc
    limit ${limit + 1}`);
  return rowsOf<FeedRow>(result);
}

export interface ThreadRow { id: string; last_activity_at: Date; contact_id: string; e164: string; name: string | null; unread: number; active: number }

/** One row per conversation (a contact within the inbox). */
export async function threadedFeed(db: Database, inboxId: string, unreadOnly: boolean, limit: number, position?: FeedPosition): Promise<ThreadRow[]> {
  const active = sql.raw(`(case when exists (select 1 from communications a where a.conversation_id = cv.id and a.kind = 'call' and a.status in ${ACTIVE}) then 1 else 0 end)`);
  const unread = sql.raw(`(select count(*)::int from communications u where u.conversation_id = cv.id and u.read_at is null)`);
  const result = await db.execute(sql`
    select cv.id, cv.last_activity_at, ct.id as contact_id, ct.e164, ct.name, ${unread} as unread, ${active} as active
    from conversations cv join contacts ct on ct.id = cv.contact_id
    where cv.inbox_id = ${inboxId} ${unreadOnly ? sql`and ${unread} > 0` : sql``}
      ${after(active, sql`cv.last_activity_at`, sql`cv.id`, position)}
    order by ${active} desc, cv.last_activity_at desc, cv.id desc
    limit ${limit + 1}`);
  return rowsOf<ThreadRow>(result);
}

/** The newest communication and the active call of each conversation. */
export async function conversationHeads(db: Database, conversationIds: string[]): Promise<{ last: Map<string, FeedRow>; activeCall: Map<string, FeedRow> }> {
  if (conversationIds.length === 0) return { last: new Map(), activeCall: new Map() };
  const ids = sql.join(conversationIds.map((id) => sql`${id}`), sql`, `);
  const rows = rowsOf<FeedRow & { head: string }>(await db.execute(sql`
    (select distinct on (c.conversation_id) 'last' as head, ${ITEM_COLUMNS}, 0 as active from communications c ${STATUS_JOIN}
       where c.conversation_id in (${ids}) order by c.conversation_id, c.occurred_at desc, c.id desc)
    union all
    (select distinct on (c.conversation_id) 'active' as head, ${ITEM_COLUMNS}, 1 as active from communications c ${STATUS_JOIN}
       where c.conversation_id in (${ids}) and c.kind = 'call' and c.status in ${sql.raw(ACTIVE)} order by c.conversation_id, c.occurred_at desc, c.id desc)`));
  const pick = (head: string) => new Map(rows.filter((r) => r.head === head).map((r) => [r.conversation_id, r]));
  return { last: pick('last'), activeCall: pick('active') };
}

/** postgres.js answers an array, PGlite an object with rows: both become an array. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
