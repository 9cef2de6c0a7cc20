import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
beforeAll(async () => (stack = await startTestStack({ worker: false })));
afterAll(() => stack?.stop());

const uniqueNumber = () => `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

describe('a new admin sets up an organization', () => {
  it('creates people, a team and inboxes, reads it all back, and finds every change in the audit log', async () => {
    const { adminKey } = await stack.createOrg('Acme Plumbing');
    const as = (method: string, path: string, body?: unknown) => stack.call(method, path, { key: adminKey, body });

    const agents = [];
    for (const name of ['Ana', 'Ben', 'Cleo']) {
      const created = await as('POST', '/v1/users', { name, email: `${name.toLowerCase()}@acme.test`, role: 'agent', phone: uniqueNumber() });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name, role: 'agent', presence: 'offline', defaultInboxId: null });
      agents.push(created.body);
    }
    const supervisor = (await as('POST', '/v1/users', { name: 'Sam', email: 'sam@acme.test', role: 'supervisor', sipUri: 'sip:sam@pbx.acme.test' })).body;
    const team = (await as('POST', '/v1/teams', { name: 'Front desk' })).body;
    for (const agent of agents) expect((await as('PUT', `/v1/teams/${team.id}/members/${agent.id}`, { role: 'member' })).status).toBe(200);
    const withSupervisor = await as('PUT', `/v1/teams/${team.id}/members/${supervisor.id}`, { role: 'supervisor' });
    expect(withSupervisor.body.members).toHaveLength(4);

    const shared = (await as('POST', '/v1/inboxes', { name: 'Main line', kind: 'shared', teamId: team.id, timezone: 'America/Chicago' })).body;
    const [first, second] = [uniqueNumber(), uniqueNumber()];
    expect((await as('POST', `/v1/inboxes/${shared.id}/numbers`, { e164: first })).status).toBe(201);
    const twoNumbers = await as('POST', `/v1/inboxes/${shared.id}/numbers`, { e164: second, primary: true });
    expect(twoNumbers.body.numbers).toEqual([
      expect.objectContaining({ e164: first, primary: false }),
      expect.objectContaining({ e164: second, primary: true }),
    ]);
    for (const [i, agent] of agents.entries()) await as('PUT', `/v1/inboxes/${shared.id}/members/${agent.id}`, { role: 'connected', position: i });
    await as('PUT', `/v1/inboxes/${shared.id}/members/${supervisor.id}`, { role: 'watching' });

    const personal = await as('POST', '/v1/inboxes', { name: "Ana's line", kind: 'personal', ownerUserId: agents[0].id });
    expect(personal.status).toBe(201);
    expect(personal.body).toMatchObject({ kind: 'personal', ownerUserId: agents[0].id, timezone: 'America/New_York' });
    expect(personal.body.members).toEqual([{ userId: agents[0].id, role: 'connected', position: 0, source: 'manual' }]);

    // The team link made the team's members connected; positions keep them the team's, making one a watcher makes it the admin's.
    const readBack = (await as('GET', `/v1/inboxes/${shared.id}`)).body;
    expect(readBack.members.map((m: { userId: string; role: string; source: string }) => [m.userId, m.role, m.source])).toEqual(expect.arrayContaining([
      [agents[0].id, 'connected', 'team'], [supervisor.id, 'watching', 'manual'], [agents[1].id, 'connected', 'team'], [agents[2].id, 'connected', 'team'],
    ]));
    expect(readBack.members.map((m: { position: number }) => m.position)).toEqual([0, 0, 1, 2]); // by ring position
    expect((await as('GET', '/v1/users')).body.items).toHaveLength(4);
    expect((await as('GET', '/v1/inboxes')).body.items.map((i: { id: string }) => i.id)).toEqual([personal.body.id, shared.id]);

    const audit = (await as('GET', '/v1/audit-log?limit=200')).body.items as { resourceType: string; action: string; resourceId: string }[];
    const count = (type: string) => audit.filter((e) => e.resourceType === type).length;
    expect(count('user')).toBe(4);
    expect(count('team')).toBe(1);
    expect(count('team_member')).toBe(4);
    expect(count('inbox')).toBe(2);
    expect(count('inbox_number')).toBe(2);
    expect(count('inbox_member')).toBe(4);
    const filtered = (await as('GET', `/v1/audit-log?resourceType=inbox&resourceId=${shared.id}`)).body.items;
    expect(filtered).toEqual([expect.objectContaining({ action: 'create', resourceId: shared.id, after: expect.objectContaining({ name: 'Main line' }) })]);
    const future = (await as('GET', `/v1/audit-log?since=${new Date(Date.now() + 60_000).toISOString()}`)).body.items;
    expect(future).toEqual([]);
  });
});

describe('configuration rules', () => {
  it('keeps numbers unique across organizations and says nothing of the owner', async () => {
    const a = await stack.createOrg();
    const b = await stack.createOrg();
    const number = uniqueNumber();
    const inboxA = (await stack.call('POST', '/v1/inboxes', { key: a.adminKey, body: { name: 'A', kind: 'shared' } })).body;
    const inboxB = (await stack.call('POST', '/v1/inboxes', { key: b.adminKey, body: { name: 'B', kind: 'shared' } })).body;
    expect((await stack.call('POST', `/v1/inboxes/${inboxA.id}/numbers`, { key: a.adminKey, body: { e164: number } })).status).toBe(201);
    const taken = await stack.call('POST', `/v1/inboxes/${inboxB.id}/numbers`, { key: b.adminKey, body: { e164: number } });
    expect(taken.status).toBe(409);
    expect(JSON.stringify(taken.body)).not.toContain(inboxA.id);
    expect((await stack.call('POST', `/v1/inboxes/${inboxB.id}/numbers`, { key: b.adminKey, body: { e164: '0044123' } })).body.errors[0].path).toBe('e164');
  });

  it('a personal inbox has exactly one connected user, its owner', async () => {
    const { adminKey } = await stack.createOrg();
    const as = (method: string, path: string, body?: unknown) => stack.call(method, path, { key: adminKey, body });
    const owner = (await as('POST', '/v1/users', { name: 'O', email: 'o@x.test', role: 'agent' })).body;
    const other = (await as('POST', '/v1/users', { name: 'P', email: 'p@x.test', role: 'agent' })).body;
    expect((await as('POST', '/v1/inboxes', { name: 'x', kind: 'personal' })).body.errors).toEqual([{ path: 'ownerUserId', message: 'a personal inbox needs its owner' }]);
    const inbox = (await as('POST', '/v1/inboxes', { name: 'x', kind: 'personal', ownerUserId: owner.id })).body;
    expect((await as('PUT', `/v1/inboxes/${inbox.id}/members/${other.id}`, { role: 'connected' })).status).toBe(409);
    expect((await as('PUT', `/v1/inboxes/${inbox.id}/members/${other.id}`, { role: 'watching' })).status).toBe(200);
    expect((await as('DELETE', `/v1/inboxes/${inbox.id}/members/${owner.id}`)).status).toBe(409);
    expect((await as('DELETE', `/v1/users/${owner.id}`)).status).toBe(409);
    expect((await as('DELETE', `/v1/inboxes/${inbox.id}`)).status).toBe(204);
    expect((await as('DELETE', `/v1/users/${owner.id}`)).status).toBe(204);
    expect((await as('GET', `/v1/users/${owner.id}`)).status).toBe(404);
  });

  it('refuses duplicates and dangling references with clear answers, changing nothing', async () => {
    const { adminKey } = await stack.createOrg();
    const as = (method: string, path: string, body?: unknown) => stack.call(method, path, { key: adminKey, body });
    await as('POST', '/v1/users', { name: 'A', email: 'a@x.test', role: 'agent' });
    expect((await as('POST', '/v1/users', { name: 'A2', email: 'a@x.test', role: 'agent' })).status).toBe(409);
    const bad = await as('POST', '/v1/users', { name: 'B', email: 'not-an-email', role: 'boss', phone: '555', defaultInboxId: 'inb_nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'phone', 'role']);
    expect((await as('POST', '/v1/users', { name: 'B', email: 'b@x.test', role: 'agent', defaultInboxId: 'inb_nope' })).body.errors)
      .toEqual([{ path: 'defaultInboxId', message: 'no such inbox in this organization' }]);
    expect((await as('POST', '/v1/inboxes', { name: 'x', kind: 'shared', teamId: 'team_nope' })).status).toBe(400);
    expect((await as('POST', '/v1/inboxes', { name: 'x', kind: 'shared', timezone: 'Nowhere/Town' })).body.errors[0].path).toBe('timezone');
    const team = (await as('POST', '/v1/teams', { name: 'T' })).body;
    const linked = (await as('POST', '/v1/inboxes', { name: 'linked', kind: 'shared', teamId: team.id })).body;
    // Deleting a linked team unlinks its inboxes.
    expect((await as('DELETE', `/v1/teams/${team.id}`)).status).toBe(204);
    expect((await as('GET', `/v1/inboxes/${linked.id}`)).body.teamId).toBeNull();
    expect((await as('GET', '/v1/users')).body.items).toHaveLength(1);
  });

  it('lets an agent change only its own presence (and default inbox: test/agent-day)', async () => {
    const { adminKey } = await stack.createOrg();
    const agent = (await stack.call('POST', '/v1/users', { key: adminKey, body: { name: 'A', email: 'a@x.test', role: 'agent' } })).body;
    const colleague = (await stack.call('POST', '/v1/users', { key: adminKey, body: { name: 'C', email: 'c@x.test', role: 'agent' } })).body;
    const key = (await stack.call('POST', '/v1/api-keys', { key: adminKey, body: { role: 'agent', userId: agent.id } })).body.key;
    expect((await stack.call('PATCH', `/v1/users/${agent.id}`, { key, body: { presence: 'available' } })).body.presence).toBe('available');
    expect((await stack.call('PATCH', `/v1/users/${agent.id}`, { key, body: { role: 'admin' } })).status).toBe(403);
    expect((await stack.call('PATCH', `/v1/users/${colleague.id}`, { key, body: { presence: 'available' } })).status).toBe(404);
    expect((await stack.call('GET', '/v1/users', { key })).body.items.map((u: { id: string }) => u.id)).toEqual([agent.id]);
  });
});
