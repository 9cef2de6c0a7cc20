import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communications } from '../../db/schema/index.ts';
import { messageWorkflowId } from '../../workflows/messages/contract.ts';
import { randomNumber, setUpInbox, startCallWorld, type CallWorld } from '../helpers/call-fixture.ts';

let world: CallWorld;
beforeAll(async () => (world = await startCallWorld()));
afterAll(() => world?.stop());

const call = (method: string, path: string, key: string, body?: unknown) => world.stack.call(method, path, { key, body });

/** An inbox with a connected agent, a watching agent and a watching supervisor, each with its own key, and one message received. */
async function watchedInbox() {
  const inbox = await setUpInbox(world.stack, { agents: 1 });
  const user = async (name: string, role: string, member: 'connected' | 'watching' | null) => {
    const created = await inbox.as('POST', '/v1/users', { name, email: `${name.toLowerCase()}@x.test`, role });
    if (member) await inbox.as('PUT', `/v1/inboxes/${inbox.inboxId}/members/${created.id}`, { role: member });
    return { id: created.id as string, key: (await inbox.as('POST', '/v1/api-keys', { role, userId: created.id })).key as string };
  };
  const connected = { id: inbox.agents[0]!, key: (await inbox.as('POST', '/v1/api-keys', { role: 'agent', userId: inbox.agents[0] })).key as string };
  const watcher = await user('Wendy', 'agent', 'watching');
  const watchingSupervisor = await user('Sam', 'supervisor', 'watching');
  const outsideSupervisor = await user('Olga', 'supervisor', null);
  const messageId = `SMwho${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  await world.carrier.sendMessaging({ type: 'message.received', messageId, from: randomNumber(), to: inbox.number, body: 'Hello?', occurredAt: new Date().toISOString() });
  await world.stack.client.workflow.getHandle(messageWorkflowId(messageId)).result();
  const [message] = await world.stack.database.db.select().from(communications)
    .where(and(eq(communications.orgId, inbox.orgId), eq(communications.externalId, messageId)));
  return { ...inbox, connected, watcher, watchingSupervisor, outsideSupervisor, message: message! };
}

describe('who may act on an inbox', () => {
  it('watchers see the inbox and its feed, but reply, read and unread marks are 403 and change nothing; connected users and admins act', async () => {
    const { inboxId, message, connected, watcher, watchingSupervisor, outsideSupervisor, adminKey } = await watchedInbox();
    const actions = [
      ['POST', `/v1/conversations/${message.conversationId}/messages`, { body: 'On my way' }],
      ['POST', `/v1/conversations/${message.conversationId}/read`],
      ['POST', `/v1/communications/${message.id}/read`],
      ['POST', `/v1/communications/${message.id}/unread`],
    ] as const;
    for (const key of [watcher.key, watchingSupervisor.key, outsideSupervisor.key]) {
      for (const [method, path, body] of actions) {
        const answer = await call(method, path, key, body);
        expect(answer.status, `${method} ${path}`).toBe(403);
        expect(answer.headers.get('content-type')).toContain('application/problem+json');
      }
    }
    // Watching, they still see everything.
    expect((await call('GET', `/v1/inboxes/${inboxId}`, watcher.key)).status).toBe(200);
    const feed = await call('GET', `/v1/inboxes/${inboxId}/feed?view=unthreaded`, watcher.key);
    expect(feed.body.items).toEqual([expect.objectContaining({ id: message.id, read: false })]);
    const [unchanged] = await world.stack.database.db.select().from(communications).where(eq(communications.id, message.id));
    expect(unchanged!.readAt).toBeNull();
    expect(world.carrier.commands.filter((c) => c.body.to === message.fromE164)).toEqual([]);

    expect((await call('POST', `/v1/communications/${message.id}/read`, connected.key)).body).toEqual({ id: message.id, read: true });
    expect((await call('POST', `/v1/communications/${message.id}/unread`, adminKey)).body).toEqual({ id: message.id, read: false });
    expect((await call('POST', `/v1/conversations/${message.conversationId}/read`, connected.key)).body).toEqual({ conversationId: message.conversationId, marked: 1 });
    const reply = await world.stack.call('POST', `/v1/conversations/${message.conversationId}/messages`, {
      key: connected.key, body: { body: 'On my way' }, headers: { 'idempotency-key': 'who-may-act' },
    });
    expect(reply.status).toBe(201);
  });

  it('a watcher promoted to connected may act; a connected user demoted to watching may not', async () => {
    const { inboxId, message, connected, watcher, as } = await watchedInbox();
    await as('PUT', `/v1/inboxes/${inboxId}/members/${watcher.id}`, { role: 'connected' });
    await as('PUT', `/v1/inboxes/${inboxId}/members/${connected.id}`, { role: 'watching' });
    expect((await call('POST', `/v1/communications/${message.id}/read`, watcher.key)).status).toBe(200);
    expect((await call('POST', `/v1/communications/${message.id}/unread`, connected.key)).status).toBe(403);
  });
});

describe('a personal inbox without a number', () => {
  it('is hidden from its owner (list, inbox, feed) until a line is assigned; supervisors and admins see it marked hidden', async () => {
    const { adminKey, as } = await setUpInbox(world.stack, { agents: 0 });
    const owner = await as('POST', '/v1/users', { name: 'Pat', email: 'pat@x.test', role: 'agent' });
    const ownerKey = (await as('POST', '/v1/api-keys', { role: 'agent', userId: owner.id })).key;
    const supervisorKey = await world.stack.createKey(adminKey, 'supervisor');
    const personal = await as('POST', '/v1/inboxes', { name: "Pat's line", kind: 'personal', ownerUserId: owner.id });
    expect(personal).toMatchObject({ hidden: true, members: [{ userId: owner.id, role: 'connected', source: 'manual' }] });

    expect((await call('GET', '/v1/inboxes', ownerKey)).body.items).toEqual([]);
    for (const path of [`/v1/inboxes/${personal.id}`, `/v1/inboxes/${personal.id}/feed`, `/v1/inboxes/${personal.id}/unread-count`, `/v1/inboxes/${personal.id}/policies/automation`]) {
      expect((await call('GET', path, ownerKey)).status, path).toBe(404);
    }
    for (const key of [supervisorKey, adminKey]) {
      const listed = (await call('GET', '/v1/inboxes', key)).body.items.find((i: { id: string }) => i.id === personal.id);
      expect(listed).toMatchObject({ id: personal.id, hidden: true });
    }

    await as('POST', `/v1/inboxes/${personal.id}/numbers`, { e164: randomNumber() });
    expect((await call('GET', '/v1/inboxes', ownerKey)).body.items).toEqual([expect.objectContaining({ id: personal.id, hidden: false })]);
    expect((await call('GET', `/v1/inboxes/${personal.id}/feed`, ownerKey)).status).toBe(200);
  });
});

describe("a shared inbox linked to a team", () => {
  it("has the team's members as connected users, in step as the team changes; manual members stay", async () => {
    const { adminKey, as } = await setUpInbox(world.stack, { agents: 0 });
    const user = async (name: string) => (await as('POST', '/v1/users', { name, email: `${name.toLowerCase()}@x.test`, role: 'agent' })).id as string;
    const [ann, bob, cat, dee, wes] = [await user('Ann'), await user('Bob'), await user('Cat'), await user('Dee'), await user('Wes')];
    const sales = (await as('POST', '/v1/teams', { name: 'Sales' })).id;
    const support = (await as('POST', '/v1/teams', { name: 'Support' })).id;
    await as('PUT', `/v1/teams/${sales}/members/${ann}`, { role: 'member' });
    await as('PUT', `/v1/teams/${sales}/members/${bob}`, { role: 'supervisor' });
    await as('PUT', `/v1/teams/${support}/members/${dee}`, { role: 'member' });
    const inbox = await as('POST', '/v1/inboxes', { name: 'Sales line', kind: 'shared', teamId: sales });
    const members = async () => ((await call('GET', `/v1/inboxes/${inbox.id}`, adminKey)).body.members as { userId: string; role: string; source: string }[])
      .map(({ userId, role, source }) => ({ userId, role, source })).sort((a, b) => a.userId.localeCompare(b.userId));
    const expectMembers = async (expected: { userId: string; role: string; source: string }[]) =>
      expect(await members()).toEqual([...expected].sort((a, b) => a.userId.localeCompare(b.userId)));
    const team = (userId: string) => ({ userId, role: 'connected', source: 'team' });
    await expectMembers([team(ann), team(bob)]);

    // A manual watcher, and a manual connected user who then joins the team: both stay the admin's.
    await as('PUT', `/v1/inboxes/${inbox.id}/members/${wes}`, { role: 'watching' });
    await as('PUT', `/v1/inboxes/${inbox.id}/members/${cat}`, { role: 'connected' });
    await as('PUT', `/v1/teams/${sales}/members/${cat}`, { role: 'member' });
    const manual = (userId: string, role: string) => ({ userId, role, source: 'manual' });
    await expectMembers([team(ann), team(bob), manual(cat, 'connected'), manual(wes, 'watching')]);

    // Join and leave.
    await as('PUT', `/v1/teams/${sales}/members/${dee}`, { role: 'member' });
    await as('DELETE', `/v1/teams/${sales}/members/${ann}`);
    await as('DELETE', `/v1/teams/${sales}/members/${cat}`);
    await expectMembers([team(bob), manual(cat, 'connected'), team(dee), manual(wes, 'watching')]);
    // The joiner sees the inbox with its own key; a team member cannot be removed from the inbox alone.
    const deeKey = (await as('POST', '/v1/api-keys', { role: 'agent', userId: dee })).key;
    expect((await call('GET', '/v1/inboxes', deeKey)).body.items.map((i: { id: string }) => i.id)).toEqual([inbox.id]);
    expect((await call('DELETE', `/v1/inboxes/${inbox.id}/members/${bob}`, adminKey)).status).toBe(409);

    // Another team: the old team's members go, the new team's come, manual members stay.
    await as('PATCH', `/v1/inboxes/${inbox.id}`, { teamId: support });
    await expectMembers([manual(cat, 'connected'), team(dee), manual(wes, 'watching')]);

    // The team is deleted: the inbox is unlinked and its team members go.
    expect((await call('DELETE', `/v1/teams/${support}`, adminKey)).status).toBe(204);
    expect((await call('GET', `/v1/inboxes/${inbox.id}`, adminKey)).body.teamId).toBeNull();
    await expectMembers([manual(cat, 'connected'), manual(wes, 'watching')]);
    expect((await call('GET', '/v1/inboxes', deeKey)).body.items).toEqual([]);
  });
});

describe('what an agent configures itself', () => {
  it('its own default inbox (one it is a member of) and the automation policy of its own personal inbox; nothing else', async () => {
    const { adminKey, as, inboxId: sharedId } = await setUpInbox(world.stack, { agents: 0 });
    const owner = await as('POST', '/v1/users', { name: 'Pat', email: 'pat@x.test', role: 'agent' });
    const other = await as('POST', '/v1/users', { name: 'Quinn', email: 'quinn@x.test', role: 'agent' });
    const key = (await as('POST', '/v1/api-keys', { role: 'agent', userId: owner.id })).key;
    const personal = await as('POST', '/v1/inboxes', { name: "Pat's line", kind: 'personal', ownerUserId: owner.id });
    await as('POST', `/v1/inboxes/${personal.id}/numbers`, { e164: randomNumber() });
    const othersPersonal = await as('POST', '/v1/inboxes', { name: "Quinn's line", kind: 'personal', ownerUserId: other.id });
    await as('POST', `/v1/inboxes/${othersPersonal.id}/numbers`, { e164: randomNumber() });
    await as('PUT', `/v1/inboxes/${othersPersonal.id}/members/${owner.id}`, { role: 'watching' });
    await as('PUT', `/v1/inboxes/${sharedId}/members/${owner.id}`, { role: 'connected' });
    const unrelated = await as('POST', '/v1/inboxes', { name: 'Elsewhere', kind: 'shared' });

    // The default inbox: its own, among its inboxes.
    expect((await call('PATCH', `/v1/users/${owner.id}`, key, { defaultInboxId: personal.id })).body).toMatchObject({ defaultInboxId: personal.id });
    const notMember = await call('PATCH', `/v1/users/${owner.id}`, key, { defaultInboxId: unrelated.id });
    expect(notMember.status).toBe(400);
    expect(notMember.body.errors).toEqual([{ path: 'defaultInboxId', message: expect.any(String) }]);
    expect((await call('PATCH', `/v1/users/${owner.id}`, key, { defaultInboxId: personal.id, name: 'Patricia' })).status).toBe(403);
    expect((await call('PATCH', `/v1/users/${other.id}`, key, { defaultInboxId: sharedId })).status).toBe(404);
    expect((await call('GET', `/v1/users/${owner.id}`, adminKey)).body).toMatchObject({ name: 'Pat', defaultInboxId: personal.id });

    // Automation of its own personal inbox: PUT and PATCH, audited under its key.
    const own = `/v1/inboxes/${personal.id}/policies`;
    expect((await call('PATCH', `${own}/automation`, key, { autoMarkReadAfter: 'P7D' })).body).toMatchObject({ autoMarkReadAfter: 'P7D' });
    expect((await call('PUT', `${own}/automation`, key, { manualMarkReadOnly: true })).body).toMatchObject({ autoMarkReadAfter: null, manualMarkReadOnly: true });
    const audit = (await call('GET', `/v1/audit-log?resourceType=policy&resourceId=${encodeURIComponent(`${personal.id}/automation`)}`, adminKey)).body.items;
    expect(audit.map((e: { actor: { userId: string } }) => e.actor.userId)).toEqual([owner.id, owner.id]);
    // Nothing else.
    for (const [method, path, body] of [
      ['PATCH', `${own}/routing`, { ringTimeoutSec: 30 }], ['PATCH', `${own}/notifications`, {}], ['PUT', `${own}/reports`, {}],
      ['PATCH', `/v1/inboxes/${sharedId}/policies/automation`, { autoMarkReadAfter: 'P1D' }],
      ['PATCH', `/v1/inboxes/${othersPersonal.id}/policies/automation`, { autoMarkReadAfter: 'P1D' }],
      ['PATCH', `/v1/inboxes/${personal.id}`, { name: 'Mine' }],
    ] as const) {
      expect((await call(method, path, key, body)).status, `${method} ${path}`).toBe(403);
    }
    expect((await call('GET', `/v1/inboxes/${sharedId}/policies/automation`, adminKey)).body.autoMarkReadAfter).toBeNull();
  });
});
