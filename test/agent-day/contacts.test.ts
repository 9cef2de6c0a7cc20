import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomNumber, setUpInbox, startCallWorld, type CallWorld } from '../helpers/call-fixture.ts';
import { answeredCall, textArrives } from './day.ts';

let world: CallWorld;
beforeAll(async () => (world = await startCallWorld()));
afterAll(() => world?.stop());

const api = (method: string, path: string, key: string, body?: unknown) => world.stack.call(method, path, { key, body });
const names = (items: { name: string | null }[]) => items.map((c) => c.name).sort();

describe('contacts', () => {
  it('every role creates, reads and edits them; only admins delete; bad input is a field error and changes nothing', async () => {
    const { adminKey } = await setUpInbox(world.stack, { agents: 0 });
    const agentKey = await world.stack.createKey(adminKey, 'agent');
    const supervisorKey = await world.stack.createKey(adminKey, 'supervisor');
    const owner = (await api('POST', '/v1/users', adminKey, { name: 'Olga', email: 'olga@x.test', role: 'agent' })).body;
    const phones = [randomNumber(), randomNumber()];

    const created = await api('POST', '/v1/contacts', agentKey, { name: 'Dana Doe', phones, email: 'dana@example.com', ownerUserId: owner.id, notes: 'Prefers texts' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Dana Doe', phones, email: 'dana@example.com', ownerUserId: owner.id, notes: 'Prefers texts' });
    expect((await api('GET', `/v1/contacts/${created.body.id}`, supervisorKey)).body).toEqual(created.body);

    const edited = await api('PATCH', `/v1/contacts/${created.body.id}`, supervisorKey, { name: 'Dana Smith', phones: [phones[1], phones[0]], notes: null });
    expect(edited.body).toMatchObject({ name: 'Dana Smith', phones: [phones[1], phones[0]], email: 'dana@example.com', notes: null });

    const invalid = [
      { phones: [] },
      { phones: ['555-0100'] },
      { phones: [phones[0], phones[0]] },
      { phones: [randomNumber()], email: 'not an email' },
      { phones: [randomNumber()], ownerUserId: 'usr_nobody' },
      { phones: [randomNumber()], color: 'blue' },
    ];
    for (const body of invalid) {
      const response = await api('POST', '/v1/contacts', agentKey, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.errors.length).toBeGreaterThan(0);
    }
    expect((await api('PATCH', `/v1/contacts/${created.body.id}`, agentKey, { phones: [] })).body.errors).toEqual([expect.objectContaining({ path: 'phones' })]);
    expect((await api('GET', '/v1/contacts', adminKey)).body.items).toHaveLength(1);
    expect((await api('GET', `/v1/contacts/${created.body.id}`, agentKey)).body.phones).toEqual([phones[1], phones[0]]);

    expect((await api('DELETE', `/v1/contacts/${created.body.id}`, agentKey)).status).toBe(403);
    expect((await api('DELETE', `/v1/contacts/${created.body.id}`, supervisorKey)).status).toBe(403);
    expect((await api('DELETE', `/v1/contacts/${created.body.id}`, adminKey)).status).toBe(204);
    expect((await api('GET', `/v1/contacts/${created.body.id}`, adminKey)).status).toBe(404);
    const audit = (await api('GET', `/v1/audit-log?resourceType=contact&resourceId=${created.body.id}`, adminKey)).body.items;
    expect(audit.map((entry: { action: string }) => entry.action).sort()).toEqual(['create', 'delete', 'update']);
  });

  it('a phone belongs to at most one contact of an organization (409), in another organization it is free', async () => {
    const { adminKey } = await setUpInbox(world.stack, { agents: 0 });
    const shared = randomNumber();
    const first = (await api('POST', '/v1/contacts', adminKey, { name: 'First', phones: [shared] })).body;
    const duplicate = await api('POST', '/v1/contacts', adminKey, { name: 'Second', phones: [randomNumber(), shared] });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.detail).toContain(shared);
    const second = (await api('POST', '/v1/contacts', adminKey, { name: 'Second', phones: [randomNumber()] })).body;
    const taking = await api('PATCH', `/v1/contacts/${second.id}`, adminKey, { name: 'Renamed', phones: [...second.phones, shared] });
    expect(taking.status).toBe(409);
    // The refused change changed nothing, not even the name that came with it.
    expect((await api('GET', `/v1/contacts/${second.id}`, adminKey)).body).toMatchObject({ name: 'Second', phones: second.phones });
    expect((await api('GET', `/v1/contacts/${first.id}`, adminKey)).body.phones).toEqual([shared]);

    const other = await world.stack.createOrg();
    expect((await api('POST', '/v1/contacts', other.adminKey, { name: 'Elsewhere', phones: [shared] })).status).toBe(201);
    expect((await api('GET', `/v1/contacts/${first.id}`, other.adminKey)).status).toBe(404);
  });

  it('?q= finds a case-insensitive prefix of any word of the name, or four or more digits of a phone', async () => {
    const { adminKey } = await setUpInbox(world.stack, { agents: 0 });
    const create = (name: string, phones: string[]) => api('POST', '/v1/contacts', adminKey, { name, phones });
    await create('Mary-Jane Watson', ['+14155550101']);
    await create('Jan de Vries', ['+31201234567', '+14155559999']);
    await create('Ben Janssen', ['+442071234000']);
    await create('50% Off Co', ['+15551110000']);
    const search = async (q: string) => names((await api('GET', `/v1/contacts?q=${encodeURIComponent(q)}`, adminKey)).body.items);

    expect(await search('jan')).toEqual(['Ben Janssen', 'Jan de Vries', 'Mary-Jane Watson']);
    expect(await search('JANE')).toEqual(['Mary-Jane Watson']);
    expect(await search('wats')).toEqual(['Mary-Jane Watson']);
    expect(await search('atson')).toEqual([]);
    expect(await search('de v')).toEqual(['Jan de Vries']);
    expect(await search('50%')).toEqual(['50% Off Co']);
    expect(await search('5999')).toEqual(['Jan de Vries']);
    expect(await search('(415) 555-0101')).toEqual(['Mary-Jane Watson']);
    expect(await search('1234')).toEqual(['Ben Janssen', 'Jan de Vries']);
    // Three digits are not enough to search phones.
    expect(await search('415')).toEqual([]);
    expect((await api('GET', '/v1/contacts?q=', adminKey)).status).toBe(400);

    const paged = await api('GET', '/v1/contacts?q=jan&limit=2', adminKey);
    const rest = await api('GET', `/v1/contacts?q=jan&limit=2&cursor=${paged.body.nextCursor}`, adminKey);
    expect(names([...paged.body.items, ...rest.body.items])).toEqual(['Ben Janssen', 'Jan de Vries', 'Mary-Jane Watson']);
    expect(rest.body.nextCursor).toBeNull();
  });

  it('a text or call from an unknown number creates a contact with that phone and no name', async () => {
    const { adminKey, number, agents } = await setUpInbox(world.stack, { agents: 1 });
    const texter = randomNumber();
    const caller = randomNumber();
    await textArrives(world, number, texter, 'Hello?');
    await textArrives(world, number, texter, 'Anyone there?');
    await answeredCall(world, number, caller, agents[0]!, 30);
    const all = (await api('GET', '/v1/contacts', adminKey)).body.items;
    expect(all).toHaveLength(2);
    expect(all).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: null, phones: [texter], ownerUserId: null }),
      expect.objectContaining({ name: null, phones: [caller] }),
    ]));
  });

  it("every phone of a contact threads into the contact's one conversation per inbox", async () => {
    const world1 = await setUpInbox(world.stack, { agents: 1 });
    const { adminKey, number, inboxId, as } = world1;
    const second = await as('POST', '/v1/inboxes', { name: 'Second line', kind: 'shared', timezone: 'UTC' });
    const secondNumber = randomNumber();
    await as('POST', `/v1/inboxes/${second.id}/numbers`, { e164: secondNumber });
    const [mobile, office] = [randomNumber(), randomNumber()];
    const contact = (await api('POST', '/v1/contacts', adminKey, { name: 'Dana Doe', phones: [mobile, office] })).body;

    await textArrives(world, number, mobile, 'From my mobile');
    await textArrives(world, number, office, 'From the office');
    await answeredCall(world, number, office, world1.agents[0]!, 10);
    await textArrives(world, secondNumber, mobile, 'To the other line');

    const threads = (await api('GET', `/v1/inboxes/${inboxId}/feed`, adminKey)).body.items;
    expect(threads).toHaveLength(1);
    expect(threads[0].contact).toEqual({ id: contact.id, name: 'Dana Doe', phone: office });
    const items = (await api('GET', `/v1/inboxes/${inboxId}/feed?view=unthreaded`, adminKey)).body.items;
    expect(items.map((i: { contact: unknown }) => i.contact)).toEqual([
      { id: contact.id, name: 'Dana Doe', phone: office }, { id: contact.id, name: 'Dana Doe', phone: office }, { id: contact.id, name: 'Dana Doe', phone: mobile },
    ]);
    expect(new Set(items.map((i: { conversationId: string }) => i.conversationId)).size).toBe(1);
    const conversations = (await api('GET', `/v1/contacts/${contact.id}/conversations`, adminKey)).body.items;
    expect(conversations.map((c: { inboxId: string }) => c.inboxId).sort()).toEqual([inboxId, second.id].sort());
    expect((await api('GET', '/v1/contacts', adminKey)).body.items).toHaveLength(1);
  });

  it('a contact with conversations is kept with their history: deleting it is 409 and changes nothing', async () => {
    const { adminKey, number, inboxId } = await setUpInbox(world.stack, { agents: 0 });
    const phone = randomNumber();
    await textArrives(world, number, phone, 'Keep this');
    const [contact] = (await api('GET', '/v1/contacts', adminKey)).body.items;
    const refused = await api('DELETE', `/v1/contacts/${contact.id}`, adminKey);
    expect(refused.status).toBe(409);
    expect((await api('GET', `/v1/inboxes/${inboxId}/feed?view=unthreaded`, adminKey)).body.items.map((i: { body: string }) => i.body)).toEqual(['Keep this']);
    expect((await api('GET', `/v1/contacts/${contact.id}`, adminKey)).body.phones).toEqual([phone]);
  });
});
