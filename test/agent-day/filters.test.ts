import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomNumber, setUpInbox, startCallWorld, type CallWorld } from '../helpers/call-fixture.ts';
import { answeredCall, keyFor, textArrives, voicemailLeft } from './day.ts';

let world: CallWorld;
beforeAll(async () => (world = await startCallWorld()));
afterAll(() => world?.stop());

const api = (method: string, path: string, key: string, body?: unknown) => world.stack.call(method, path, { key, body });
type Item = { id?: string; conversationId: string; kind?: string; direction?: string; body?: string | null; contact: { name: string | null; phone: string } };

/** Every item of a feed query, walked page by page. */
async function walk(inboxId: string, key: string, query: string, limit: number): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { items: Item[]; nextCursor: string | null } } =
      await api('GET', `/v1/inboxes/${inboxId}/feed?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, key);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

describe('feed filters', () => {
  it('narrow both views by kind, direction, assignee, contact and search, combined with view and filter, and page correctly', async () => {
    const { adminKey, number, agents, inboxId } = await setUpInbox(world.stack, { agents: 2 });
    const [annPhone, bobPhone, cyPhone] = [randomNumber(), randomNumber(), randomNumber()];
    const ann = (await api('POST', '/v1/contacts', adminKey, { name: 'Ann Lee', phones: [annPhone] })).body;
    await textArrives(world, number, annPhone, 'Ann asks');
    await answeredCall(world, number, bobPhone, agents[1]!, 20);
    await textArrives(world, number, bobPhone, 'Bob follows up');
    for (const agent of agents) await api('PATCH', `/v1/users/${agent}`, adminKey, { presence: 'offline' });
    await voicemailLeft(world, number, cyPhone, { recordingUrl: 'https://carrier.test/rec/cy.mp3', durationSec: 9, transcription: 'Cy here' });
    const agentKey = await keyFor(world, adminKey, agents[0]!);
    const annThread = (await walk(inboxId, adminKey, `view=threaded&q=ann`, 50))[0]!;
    expect((await api('POST', `/v1/conversations/${annThread.conversationId}/messages`, agentKey, { body: 'Ann, here is the answer' })).status).toBe(201);
    await api('PUT', `/v1/conversations/${annThread.conversationId}/assignee`, agentKey, { userId: agents[0] });

    const flat = async (query: string) => (await walk(inboxId, adminKey, `view=unthreaded&${query}`, 50)).map((i) => `${i.kind}:${i.direction}:${i.contact.phone}`);
    const threads = async (query: string, key = adminKey) => (await walk(inboxId, key, `view=threaded&${query}`, 50)).map((i) => i.contact.phone);

    expect(await flat('kind=message')).toEqual([`message:outbound:${annPhone}`, `message:inbound:${bobPhone}`, `message:inbound:${annPhone}`]);
    expect(await flat('kind=voicemail')).toEqual([`voicemail:inbound:${cyPhone}`]);
    expect(await flat('kind=call')).toEqual([`call:inbound:${cyPhone}`, `call:inbound:${bobPhone}`]);
    expect(await flat('direction=outbound')).toEqual([`message:outbound:${annPhone}`]);
    expect(await flat('kind=message&direction=inbound&filter=unread')).toEqual([`message:inbound:${bobPhone}`]);
    expect(await threads('kind=voicemail')).toEqual([cyPhone]);
    expect(await threads('direction=outbound')).toEqual([annPhone]);
    expect(await threads('filter=unread')).toEqual([cyPhone, bobPhone]);

    expect(await threads('assignee=me', agentKey)).toEqual([annPhone]);
    expect(await threads(`assignee=${agents[0]}`)).toEqual([annPhone]);
    expect(await threads(`assignee=${agents[1]}`)).toEqual([]);
    expect(await threads('assignee=none')).toEqual([cyPhone, bobPhone]);
    expect(await flat('assignee=none&kind=message')).toEqual([`message:inbound:${bobPhone}`]);
    const meWithoutUser = await api('GET', `/v1/inboxes/${inboxId}/feed?assignee=me`, adminKey);
    expect(meWithoutUser.status).toBe(400);
    expect(meWithoutUser.body.errors).toEqual([expect.objectContaining({ path: 'assignee' })]);

    expect(await flat(`contactId=${ann.id}`)).toEqual([`message:outbound:${annPhone}`, `message:inbound:${annPhone}`]);
    expect(await threads(`contactId=${ann.id}`)).toEqual([annPhone]);
    expect(await threads('q=LEE')).toEqual([annPhone]);
    expect(await threads(`q=${bobPhone.slice(-6)}`)).toEqual([bobPhone]);
    expect(await flat(`q=${bobPhone.slice(-6)}&kind=call`)).toEqual([`call:inbound:${bobPhone}`]);
    expect(await threads('q=nobody')).toEqual([]);
    expect((await api('GET', `/v1/inboxes/${inboxId}/feed?kind=fax`, adminKey)).status).toBe(400);

    // Keyset paging with filters: one item per page gives the same list as one page of all.
    for (const query of ['view=unthreaded&kind=message', 'view=unthreaded&direction=inbound&filter=unread', 'view=threaded&assignee=none', 'view=threaded&kind=call']) {
      const onePage = await walk(inboxId, adminKey, query, 50);
      expect(onePage.length, query).toBeGreaterThan(1);
      expect(await walk(inboxId, adminKey, query, 1), query).toEqual(onePage);
    }
  });
});

describe('inbox filters', () => {
  it('GET /v1/inboxes?kind=&q= keeps the inboxes of that kind whose name contains q, ignoring case', async () => {
    const { adminKey, inboxId, as } = await setUpInbox(world.stack, { agents: 0 });
    const owner = await as('POST', '/v1/users', { name: 'Dana', email: 'dana@x.test', role: 'agent' });
    const personal = await as('POST', '/v1/inboxes', { name: "Dana's line", kind: 'personal', ownerUserId: owner.id });
    const sales = await as('POST', '/v1/inboxes', { name: 'Sales 100%', kind: 'shared' });
    const ids = async (query: string) => (await api('GET', `/v1/inboxes?${query}`, adminKey)).body.items.map((i: { id: string }) => i.id).sort();

    expect(await ids('q=LINE')).toEqual([inboxId, personal.id].sort());
    expect(await ids('kind=personal')).toEqual([personal.id]);
    expect(await ids('kind=shared')).toEqual([inboxId, sales.id].sort());
    expect(await ids('kind=shared&q=line')).toEqual([inboxId]);
    expect(await ids(`q=${encodeURIComponent('0%')}`)).toEqual([sales.id]);
    expect(await ids(`q=${encodeURIComponent('%')}`)).toEqual([sales.id]);
    expect((await api('GET', '/v1/inboxes?kind=team', adminKey)).status).toBe(400);
  });
});
