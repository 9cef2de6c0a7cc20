import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxes, teams, users } from '../../db/schema/index.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
beforeAll(async () => (stack = await startTestStack({ worker: false })));
afterAll(() => stack?.stop());

/** Every item of a list, read two at a time through its cursors. */
async function pageThrough(path: string, key: string): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } =
      await stack.call('GET', `${path}?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { key });
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(2);
    seen.push(...page.body.items.map((item) => item.id));
    cursor = page.body.nextCursor;
  } while (cursor && seen.length < 100); // a cursor that never moves on must fail, not loop
  return seen;
}

const newestFirst = (ids: string[]) => [...ids].reverse();
const byIdDescending = (ids: string[]) => [...ids].sort().reverse();

describe('lists that page newest first', () => {
  it('page users, teams, inboxes and the audit log without gaps or repeats, ids ordering items created at the same instant', async () => {
    const { orgId, adminKey } = await stack.createOrg();
    const as = async (path: string, body: unknown) => (await stack.call('POST', path, { key: adminKey, body })).body.id as string;
    const userIds = [];
    const teamIds = [];
    const inboxIds = [];
    for (let i = 0; i < 5; i++) {
      userIds.push(await as('/v1/users', { name: `U${i}`, email: `u${i}@x.test`, role: 'agent' }));
      teamIds.push(await as('/v1/teams', { name: `T${i}` }));
      inboxIds.push(await as('/v1/inboxes', { name: `I${i}`, kind: 'shared' }));
    }
    expect(await pageThrough('/v1/users', adminKey)).toEqual(newestFirst(userIds));
    expect(await pageThrough('/v1/inboxes', adminKey)).toEqual(newestFirst(inboxIds));
    const audited = await pageThrough('/v1/audit-log', adminKey);
    expect(audited).toHaveLength(15);
    expect(new Set(audited).size).toBe(15);

    // Rows created in the same instant: only the id tells them apart, and a page boundary may fall between them.
    const instant = new Date('2031-05-01T10:00:00.000Z');
    await stack.database.db.update(users).set({ createdAt: instant }).where(eq(users.orgId, orgId));
    await stack.database.db.update(teams).set({ createdAt: instant }).where(eq(teams.orgId, orgId));
    expect(await pageThrough('/v1/users', adminKey)).toEqual(byIdDescending(userIds));
    expect(await pageThrough('/v1/teams', adminKey)).toEqual(byIdDescending(teamIds));
  });

  it('page an agent through only the inboxes it is a member of', async () => {
    const { orgId, adminKey } = await stack.createOrg();
    const as = async (method: string, path: string, body: unknown) => (await stack.call(method, path, { key: adminKey, body })).body;
    const agent = await as('POST', '/v1/users', { name: 'A', email: 'a@x.test', role: 'agent' });
    const agentKey = (await as('POST', '/v1/api-keys', { role: 'agent', userId: agent.id })).key;
    const memberOf: string[] = [];
    for (let i = 0; i < 6; i++) {
      const inbox = await as('POST', '/v1/inboxes', { name: `I${i}`, kind: 'shared' });
      if (i % 2 === 0) {
        await as('PUT', `/v1/inboxes/${inbox.id}/members/${agent.id}`, { role: 'connected' });
        memberOf.push(inbox.id);
      }
    }
    await stack.database.db.update(inboxes).set({ createdAt: new Date('2031-05-01T10:00:00.000Z') }).where(eq(inboxes.orgId, orgId));
    expect(await pageThrough('/v1/inboxes', agentKey)).toEqual(byIdDescending(memberOf));
    expect(await pageThrough('/v1/users', agentKey)).toEqual([agent.id]);
  });
});

describe('the resource a route acts on', () => {
  it("answers another organization's inbox, user and team with a 404 problem that reveals nothing, and changes nothing", async () => {
    const mine = await stack.createOrg();
    const stranger = await stack.createOrg();
    const as = async (path: string, body: unknown) => (await stack.call('POST', path, { key: mine.adminKey, body })).body.id as string;
    const ids = {
      inbox: await as('/v1/inboxes', { name: 'Mine', kind: 'shared' }),
      user: await as('/v1/users', { name: 'U', email: 'u@x.test', role: 'agent' }),
      team: await as('/v1/teams', { name: 'T' }),
    };
    const cases = [
      ['PATCH', `/v1/inboxes/${ids.inbox}`, { name: 'Taken' }, 'The inbox'],
      ['GET', `/v1/inboxes/${ids.inbox}/feed`, undefined, 'The inbox'],
      ['PATCH', `/v1/users/${ids.user}`, { name: 'Taken' }, 'The user'],
      ['PATCH', `/v1/teams/${ids.team}`, { name: 'Taken' }, 'The team'],
      ['POST', '/v1/conversations/cnv_nobody/read', undefined, 'The conversation'],
    ] as const;
    for (const [method, path, body, name] of cases) {
      const response = await stack.call(method, path, { key: stranger.adminKey, body });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 404, title: 'Not Found', detail: `${name} does not exist.` });
    }
    const names = await Promise.all([`/v1/inboxes/${ids.inbox}`, `/v1/users/${ids.user}`, `/v1/teams/${ids.team}`]
      .map(async (path) => (await stack.call('GET', path, { key: mine.adminKey })).body.name));
    expect(names).toEqual(['Mine', 'U', 'T']);
  });
});
