import { inArray, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/rows.ts';
import { communications } from '../../db/schema/index.ts';
import { createAutoReadActivities } from '../../activities/auto-read.ts';
import { setUpInbox } from '../helpers/call-fixture.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

const CONVERSATIONS = 6;
const OLD_ITEMS = 30;

// The unread counts the feed and conversations show are kept by triggers, not counted per read: every way an
// item arrives, is read, unread or cleared must move them, and (on PostgreSQL) writers at once must not lose
// each other's changes.
describe("a conversation's unread count", () => {
  it('stays exact while items arrive, are read one by one, unread, read by conversation, cleared by the automation and deleted, all at once', async () => {
    const { inboxId, orgId, as } = await setUpInbox(stack, { agents: 0 });
    const { db } = stack.database;
    const tag = randomBytes(4).toString('hex');
    const conversationIds = Array.from({ length: CONVERSATIONS }, (_, c) => `cnv_u${tag}${c}`);
    await db.execute(sql`insert into contacts (id, org_id) select 'ctc_u' || ${tag} || c, ${orgId} from generate_series(0, ${CONVERSATIONS - 1}) c`);
    await db.execute(sql`
      insert into conversations (id, org_id, inbox_id, contact_id, last_activity_at)
      select 'cnv_u' || ${tag} || c, ${orgId}, ${inboxId}, 'ctc_u' || ${tag} || c, now() from generate_series(0, ${CONVERSATIONS - 1}) c`);
    // Two days old, unread: what the cleanup clears.
    await db.execute(sql`
      insert into communications (id, org_id, inbox_id, conversation_id, kind, direction, external_id, status, from_e_164, to_e_164, body, occurred_at)
      select 'com_u' || ${tag} || c || '_' || i, ${orgId}, ${inboxId}, 'cnv_u' || ${tag} || c, 'message', 'inbound', 'SMu' || ${tag} || c || '_' || i, 'received',
             '+15550001000', '+15550000000', 'old', now() - interval '2 days' + i * interval '1 second'
      from generate_series(0, ${CONVERSATIONS - 1}) c, generate_series(0, ${OLD_ITEMS - 1}) i`);
    const oldItem = (c: number, i: number) => `com_u${tag}${c}_${i}`;
    expect(await shown(as, conversationIds)).toEqual(conversationIds.map(() => OLD_ITEMS));

    const cleanup = createAutoReadActivities({ db });
    const cutoff = new Date(Date.now() - 3_600_000).toISOString();
    const work: Promise<unknown>[] = [];
    for (const [c, conversationId] of conversationIds.entries()) {
      for (let i = 0; i < 10; i++) {
        // A new unread item, as an arriving message is stored.
        work.push(db.insert(communications).values({
          id: `com_n${tag}${c}_${i}`, orgId, inboxId, conversationId, kind: 'message', direction: 'inbound', externalId: `SMn${tag}${c}_${i}`,
          status: 'received', fromE164: '+15550001000', toE164: '+15550000000', body: 'new', occurredAt: new Date(),
        }));
        work.push(as('POST', `/v1/communications/${oldItem(c, i)}/read`));
        work.push(as('POST', `/v1/communications/${oldItem(c, 10 + i)}/read`).then(() => as('POST', `/v1/communications/${oldItem(c, 10 + i)}/unread`)));
      }
      if (c % 2 === 0) work.push(as('POST', `/v1/conversations/${conversationId}/read`));
      work.push(db.delete(communications).where(inArray(communications.id, [oldItem(c, 20), oldItem(c, 21)])));
    }
    for (let b = 0; b < 12; b++) work.push(cleanup.clearExpiredBatch({ inboxId, cutoff, batchSize: 7 }));
    await Promise.all(work);

    const counted = await countedUnread(conversationIds);
    expect(await shown(as, conversationIds)).toEqual(counted);
    // Something happened to the counts, in both directions: the cleanup and reads took most, arrivals added some.
    expect(counted.every((n) => n < OLD_ITEMS + 10)).toBe(true);
    expect(counted.some((n) => n > 0)).toBe(true);

    // The feed shows the same counts as the conversations do.
    const feed = await as('GET', `/v1/inboxes/${inboxId}/feed?view=threaded&limit=50`) as { items: { conversationId: string; unreadCount: number }[] };
    expect(conversationIds.map((id) => feed.items.find((item) => item.conversationId === id)?.unreadCount)).toEqual(counted);
  }, 120_000);
});

/** What GET /v1/conversations/:id shows as each conversation's unread count. */
async function shown(as: (method: string, path: string) => Promise<{ unreadCount: number }>, conversationIds: string[]): Promise<number[]> {
  return Promise.all(conversationIds.map(async (id) => (await as('GET', `/v1/conversations/${id}`)).unreadCount));
}

/** The unread items, counted. */
async function countedUnread(conversationIds: string[]): Promise<number[]> {
  const rows = rowsOf<{ conversation_id: string; n: number }>(await stack.database.db.execute(sql`
    select conversation_id, count(*)::int as n from communications where conversation_id = any(${sql.param(conversationIds)}::text[]) and read_at is null group by conversation_id`));
  return conversationIds.map((id) => Number(rows.find((r) => r.conversation_id === id)?.n ?? 0));
}
