import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConversation } from '../../db/conversations.ts';
import { newId } from '../../db/ids.ts';
import { communications } from '../../db/schema/index.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
beforeAll(async () => (stack = await startTestStack({ worker: false })));
afterAll(() => stack?.stop());

type Role = 'admin' | 'supervisor' | 'agent';
interface Fixture {
  userId: string; teamId: string; inboxId: string; memberInboxId: string; e164: string; keyId: string;
  agentUserId: string; contactId: string; spareContactId: string; conversationId: string; memberConversationId: string;
  /** The agent key's own personal inbox (with a number, so the agent sees it), and a message in the agent's (connected) inbox. */
  personalInboxId: string; communicationId: string;
}

/**
 * Every configuration route, the least role that may call it, and whether it names a resource by id. Actions on
 * an inbox's communications need a connected user or an admin: `refused` lists higher roles that still get 403
 * (here the supervisor key, which acts for nobody connected).
 */
const routes = (f: Fixture): { method: string; path: string; body?: unknown; min: Role; scoped: boolean; refused?: Role[] }[] => [
  { method: 'POST', path: '/v1/api-keys', body: { role: 'agent' }, min: 'admin', scoped: false },
  { method: 'GET', path: '/v1/api-keys', min: 'supervisor', scoped: false },
  { method: 'DELETE', path: `/v1/api-keys/${f.keyId}`, min: 'admin', scoped: true },
  { method: 'POST', path: '/v1/users', body: { name: 'N', email: `n${Math.random()}@x.test`, role: 'agent' }, min: 'admin', scoped: false },
  { method: 'GET', path: '/v1/users', min: 'agent', scoped: false },
  { method: 'GET', path: `/v1/users/${f.userId}`, min: 'supervisor', scoped: true },
  { method: 'PATCH', path: `/v1/users/${f.userId}`, body: { name: 'Renamed' }, min: 'admin', scoped: true },
  // An agent sets its own default inbox (one it is a member of); everything else about users is an admin's.
  { method: 'PATCH', path: `/v1/users/${f.agentUserId}`, body: { defaultInboxId: f.memberInboxId }, min: 'agent', scoped: true },
  { method: 'PATCH', path: `/v1/users/${f.agentUserId}`, body: { phone: '+14155550100' }, min: 'admin', scoped: true },
  { method: 'GET', path: `/v1/users/${f.agentUserId}/reports/daily`, min: 'agent', scoped: true },
  { method: 'GET', path: `/v1/users/${f.userId}/reports/daily`, min: 'supervisor', scoped: true },
  { method: 'DELETE', path: `/v1/users/${f.userId}`, min: 'admin', scoped: true },
  { method: 'POST', path: '/v1/teams', body: { name: 'T' }, min: 'admin', scoped: false },
  { method: 'GET', path: '/v1/teams', min: 'supervisor', scoped: false },
  { method: 'GET', path: `/v1/teams/${f.teamId}`, min: 'supervisor', scoped: true },
  { method: 'PATCH', path: `/v1/teams/${f.teamId}`, body: { name: 'T2' }, min: 'admin', scoped: true },
  { method: 'GET', path: `/v1/teams/${f.teamId}/reports/daily`, min: 'supervisor', scoped: true },
  { method: 'PUT', path: `/v1/teams/${f.teamId}/members/${f.userId}`, body: { role: 'member' }, min: 'admin', scoped: true },
  { method: 'DELETE', path: `/v1/teams/${f.teamId}/members/${f.userId}`, min: 'admin', scoped: true },
  { method: 'DELETE', path: `/v1/teams/${f.teamId}`, min: 'admin', scoped: true },
  { method: 'POST', path: '/v1/inboxes', body: { name: 'I', kind: 'shared' }, min: 'admin', scoped: false },
  { method: 'GET', path: '/v1/inboxes', min: 'agent', scoped: false },
  { method: 'GET', path: `/v1/inboxes/${f.inboxId}`, min: 'supervisor', scoped: true },
  { method: 'GET', path: `/v1/inboxes/${f.memberInboxId}`, min: 'agent', scoped: true },
  { method: 'PATCH', path: `/v1/inboxes/${f.inboxId}`, body: { name: 'I2' }, min: 'admin', scoped: true },
  { method: 'POST', path: `/v1/inboxes/${f.inboxId}/numbers`, body: { e164: f.e164 }, min: 'admin', scoped: true },
  { method: 'DELETE', path: `/v1/inboxes/${f.inboxId}/numbers/${encodeURIComponent(f.e164)}`, min: 'admin', scoped: true },
  { method: 'PUT', path: `/v1/inboxes/${f.inboxId}/members/${f.userId}`, body: { role: 'watching' }, min: 'admin', scoped: true },
  { method: 'DELETE', path: `/v1/inboxes/${f.inboxId}/members/${f.userId}`, min: 'admin', scoped: true },
  { method: 'DELETE', path: `/v1/inboxes/${f.inboxId}`, min: 'admin', scoped: true },
  { method: 'GET', path: `/v1/inboxes/${f.inboxId}/reports/daily`, min: 'supervisor', scoped: true },
  // An agent edits the automation policy of its own personal inbox, and nothing else of it.
  { method: 'PATCH', path: `/v1/inboxes/${f.personalInboxId}/policies/automation`, body: { manualMarkReadOnly: true }, min: 'agent', scoped: true },
  { method: 'PUT', path: `/v1/inboxes/${f.personalInboxId}/policies/automation`, body: {}, min: 'agent', scoped: true },
  { method: 'PATCH', path: `/v1/inboxes/${f.personalInboxId}/policies/routing`, body: {}, min: 'admin', scoped: true },
  { method: 'PATCH', path: `/v1/inboxes/${f.personalInboxId}`, body: { name: 'Mine' }, min: 'admin', scoped: true },
  ...['routing', 'automation', 'notifications', 'reports'].flatMap((name) => [
    { method: 'GET', path: `/v1/inboxes/${f.inboxId}/policies/${name}`, min: 'supervisor' as Role, scoped: true },
    { method: 'GET', path: `/v1/inboxes/${f.memberInboxId}/policies/${name}`, min: 'agent' as Role, scoped: true },
    { method: 'PATCH', path: `/v1/inboxes/${f.inboxId}/policies/${name}`, body: {}, min: 'admin' as Role, scoped: true },
  ]),
  { method: 'GET', path: '/v1/audit-log', min: 'supervisor', scoped: false },
  { method: 'POST', path: '/v1/contacts', body: { phones: [randomPhone()] }, min: 'agent', scoped: false },
  { method: 'GET', path: '/v1/contacts?q=dana', min: 'agent', scoped: false },
  { method: 'GET', path: `/v1/contacts/${f.contactId}`, min: 'agent', scoped: true },
  { method: 'PATCH', path: `/v1/contacts/${f.contactId}`, body: { name: 'Dana Doe' }, min: 'agent', scoped: true },
  { method: 'GET', path: `/v1/contacts/${f.contactId}/conversations`, min: 'agent', scoped: true },
  { method: 'DELETE', path: `/v1/contacts/${f.spareContactId}`, min: 'admin', scoped: true },
  { method: 'GET', path: `/v1/conversations/${f.conversationId}`, min: 'supervisor', scoped: true },
  { method: 'GET', path: `/v1/conversations/${f.memberConversationId}`, min: 'agent', scoped: true },
  { method: 'GET', path: `/v1/conversations/${f.memberConversationId}/items`, min: 'agent', scoped: true },
  { method: 'PUT', path: `/v1/conversations/${f.conversationId}/assignee`, body: { userId: null }, min: 'admin', scoped: true },
  { method: 'PUT', path: `/v1/conversations/${f.memberConversationId}/assignee`, body: { userId: f.agentUserId }, min: 'agent', scoped: true, refused: ['supervisor'] },
  { method: 'GET', path: `/v1/inboxes/${f.memberInboxId}/feed?view=unthreaded&kind=message&assignee=me`, min: 'agent', scoped: true },
  { method: 'GET', path: '/v1/inboxes?kind=shared&q=inbox', min: 'agent', scoped: false },
  { method: 'POST', path: `/v1/communications/${f.communicationId}/read`, min: 'agent', scoped: true, refused: ['supervisor'] },
  { method: 'POST', path: `/v1/communications/${f.communicationId}/unread`, min: 'agent', scoped: true, refused: ['supervisor'] },
  { method: 'POST', path: `/v1/conversations/${f.memberConversationId}/read`, min: 'agent', scoped: true, refused: ['supervisor'] },
  // Outbound, from the agent's default inbox (the inbox it is connected to).
  { method: 'POST', path: '/v1/messages', body: { to: '+14155550100', body: 'Hello' }, min: 'agent', scoped: false },
  { method: 'POST', path: '/v1/calls', body: { to: '+14155550100' }, min: 'agent', scoped: false },
];

const rank: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3 };

const randomPhone = () => `+1666${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

async function setUp(): Promise<{ keys: Record<Role, string>; fixture: Fixture }> {
  const { orgId, adminKey } = await stack.createOrg();
  const as = async (method: string, path: string, body?: unknown) => (await stack.call(method, path, { key: adminKey, body })).body;
  const user = await as('POST', '/v1/users', { name: 'U', email: 'u@x.test', role: 'agent' });
  const agentUser = await as('POST', '/v1/users', { name: 'A', email: 'a@x.test', role: 'agent' });
  const team = await as('POST', '/v1/teams', { name: 'Team' });
  const inbox = await as('POST', '/v1/inboxes', { name: 'Shared', kind: 'shared' });
  const memberInbox = await as('POST', '/v1/inboxes', { name: 'Agent inbox', kind: 'shared' });
  await as('PUT', `/v1/inboxes/${memberInbox.id}/members/${agentUser.id}`, { role: 'connected' });
  const personalInbox = await as('POST', '/v1/inboxes', { name: 'Own line', kind: 'personal', ownerUserId: agentUser.id });
  await as('POST', `/v1/inboxes/${personalInbox.id}/numbers`, { e164: `+1667${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}` });
  await as('POST', `/v1/inboxes/${memberInbox.id}/numbers`, { e164: `+1777${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}` });
  await as('PATCH', `/v1/users/${agentUser.id}`, { defaultInboxId: memberInbox.id });
  const key = await as('POST', '/v1/api-keys', { role: 'agent', label: 'victim' });
  const agentKey = (await as('POST', '/v1/api-keys', { role: 'agent', userId: agentUser.id })).key;
  const supervisorKey = (await as('POST', '/v1/api-keys', { role: 'supervisor' })).key;
  const e164 = randomPhone();
  const contactPhone = randomPhone();
  const contact = await as('POST', '/v1/contacts', { name: 'Dana', phones: [contactPhone] });
  const spareContact = await as('POST', '/v1/contacts', { phones: [randomPhone()] });
  // Conversations begin with a call or message (no worker runs here): opened as the worker opens them.
  const { db } = stack.database;
  const conversation = await openConversation(db, { orgId, inboxId: inbox.id, contactId: contact.id }, new Date());
  const memberConversation = await openConversation(db, { orgId, inboxId: memberInbox.id, contactId: contact.id }, new Date());
  // A message as the message workflow records it, in the agent's inbox.
  const communication = {
    id: newId('com'), orgId, inboxId: memberInbox.id, conversationId: memberConversation.id, kind: 'message' as const, direction: 'inbound' as const,
    externalId: `SM${newId('x')}`, status: 'received', fromE164: contactPhone, toE164: e164, body: 'hi', occurredAt: new Date(),
  };
  await db.insert(communications).values(communication);
  return {
    keys: { admin: adminKey, supervisor: supervisorKey, agent: agentKey },
    fixture: {
      userId: user.id, teamId: team.id, inboxId: inbox.id, memberInboxId: memberInbox.id, e164, keyId: key.id, agentUserId: agentUser.id,
      contactId: contact.id, spareContactId: spareContact.id, conversationId: conversation.id, memberConversationId: memberConversation.id,
      personalInboxId: personalInbox.id, communicationId: communication.id,
    },
  };
}

describe('every configuration route, with every role and a stranger', () => {
  it('answers 401 without a key, 403 to the platform key and to roles too low, 404 across organizations, and lets the right role in', async () => {
    const mine = await setUp();
    const stranger = await setUp();
    const failures: string[] = [];
    const expectStatus = (label: string, actual: number, expected: number | ((s: number) => boolean)) => {
      const ok = typeof expected === 'number' ? actual === expected : expected(actual);
      if (!ok) failures.push(`${label}: got ${actual}${typeof expected === 'number' ? `, want ${expected}` : ''}`);
    };
    for (const route of routes(mine.fixture)) {
      const label = `${route.method} ${route.path}`;
      const send = (key?: string) => stack.call(route.method, route.path, { key, body: route.body });
      expectStatus(`${label} without a key`, (await send()).status, 401);
      expectStatus(`${label} with the platform key`, (await send(stack.platformKey)).status, 403);
      for (const role of ['agent', 'supervisor'] as Role[]) {
        // An agent that is not a member of the inbox, or asks for another user, is told it does not exist.
        if (rank[role] < rank[route.min]) expectStatus(`${label} as ${role}`, (await send(mine.keys[role])).status, (s) => s === 403 || s === 404);
        if (route.refused?.includes(role)) expectStatus(`${label} as ${role}`, (await send(mine.keys[role])).status, 403);
      }
      if (route.scoped) expectStatus(`${label} as another organization's admin`, (await send(stranger.keys.admin)).status, 404);
    }
    // The allowed role last, once every refusal has been checked against an unchanged organization; deletes
    // at the very end, memberships before the things they belong to.
    const depth = (path: string) => path.split('/').length;
    const allowedOrder = routes(mine.fixture).sort((a, b) =>
      Number(a.method === 'DELETE') - Number(b.method === 'DELETE') || (a.method === 'DELETE' ? depth(b.path) - depth(a.path) : 0));
    for (const route of allowedOrder) {
      const response = await stack.call(route.method, route.path, { key: mine.keys[route.min], body: route.body });
      expectStatus(`${route.method} ${route.path} as ${route.min}`, response.status, (s) => s < 400 || s === 409);
    }
    expect(failures).toEqual([]);
  });
});
