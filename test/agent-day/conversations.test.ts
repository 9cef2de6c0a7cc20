import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callWorkflowId } from '../../workflows/call/contract.ts';
import { newCallId, randomNumber, setUpInbox, startCallWorld, type CallWorld } from '../helpers/call-fixture.ts';
import { answeredCall, keyFor, textArrives, voicemailLeft } from './day.ts';

let world: CallWorld;
beforeAll(async () => (world = await startCallWorld()));
afterAll(() => world?.stop());

const api = (method: string, path: string, key: string, body?: unknown) => world.stack.call(method, path, { key, body });

async function allItems(conversationId: string, key: string, limit: number) {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { items: Record<string, unknown>[]; nextCursor: string | null } } =
      await api('GET', `/v1/conversations/${conversationId}/items?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, key);
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

describe('a conversation and its history', () => {
  it('shows its contact, unread count and active call, and its calls, voicemails and messages newest first, paged; calls show the contact too', async () => {
    const { adminKey, number, agents, inboxId } = await setUpInbox(world.stack, { agents: 1 });
    const agentKey = await keyFor(world, adminKey, agents[0]!);
    const phone = randomNumber();

    const ringing = newCallId();
    await world.carrier.sendVoice({ type: 'call.initiated', callId: ringing, from: phone, to: number });
    await world.carrier.nextCommand(ringing, 'ring');
    const [thread] = (await api('GET', `/v1/inboxes/${inboxId}/feed`, agentKey)).body.items;
    const conversation = await api('GET', `/v1/conversations/${thread.conversationId}`, agentKey);
    expect(conversation.body).toMatchObject({
      id: thread.conversationId, inboxId, contact: { id: thread.contact.id, name: null, phone }, assigneeUserId: null, unreadCount: 1,
      activeCall: { kind: 'call', status: 'ringing', externalId: ringing },
    });
    expect((await api('GET', `/v1/calls/${ringing}`, agentKey)).body).toMatchObject({ status: 'ringing', contact: { id: thread.contact.id, name: null, phone } });
    await world.carrier.sendVoice({ type: 'call.hangup', callId: ringing, party: 'caller' });
    await world.stack.client.workflow.getHandle(callWorkflowId(ringing)).result();

    await textArrives(world, number, phone, 'Are you open?');
    const answered = await answeredCall(world, number, phone, agents[0]!, 42);
    await api('PATCH', `/v1/users/${agents[0]}`, adminKey, { presence: 'offline' });
    const missed = await voicemailLeft(world, number, phone, { recordingUrl: 'https://carrier.test/rec/7.mp3', durationSec: 17, transcription: 'Call me back' });
    expect((await api('GET', `/v1/conversations/${thread.conversationId}`, agentKey)).body).toMatchObject({ unreadCount: 2, activeCall: null });

    const reply = await world.stack.call('POST', `/v1/conversations/${thread.conversationId}/messages`, { key: agentKey, body: { body: 'Calling you back now' } });
    expect(reply.status).toBe(201);
    await world.carrier.sendMessaging({ type: 'message.status', messageId: reply.body.messageId, status: 'delivered' });

    const items = await allItems(thread.conversationId, agentKey, 2);
    expect(items.map((i) => [i.kind, i.direction, i.status])).toEqual([
      ['message', 'outbound', 'delivered'],
      ['voicemail', 'inbound', 'received'],
      ['call', 'inbound', 'voicemail_left'],
      ['call', 'inbound', 'completed'],
      ['message', 'inbound', 'received'],
      ['call', 'inbound', 'abandoned'],
    ]);
    expect(items[0]).toMatchObject({ from: number, to: phone, body: 'Calling you back now', answeredBy: null });
    expect(items[1]).toMatchObject({ externalId: missed, recordingUrl: 'https://carrier.test/rec/7.mp3', transcription: 'Call me back', durationSec: 17 });
    expect(items[3]).toMatchObject({ externalId: answered, from: phone, to: number, answeredBy: agents[0], durationSec: 42, body: null, recordingUrl: null });
    expect(items[4]).toMatchObject({ body: 'Are you open?', answeredBy: null, durationSec: null });
    // The agent's reply marked the whole conversation read.
    expect(items.every((i) => typeof i.readAt === 'string')).toBe(true);
    const occurred = items.map((i) => Date.parse(i.occurredAt as string));
    expect(occurred).toEqual([...occurred].sort((a, b) => b - a));
    expect(await allItems(thread.conversationId, agentKey, 200)).toEqual(items);
    await api('PATCH', `/v1/contacts/${thread.contact.id}`, agentKey, { name: 'Dana Doe' });
    const contact = { id: thread.contact.id, name: 'Dana Doe', phone };
    expect((await api('GET', `/v1/calls/${answered}`, agentKey)).body).toMatchObject({ status: 'completed', contact });
    expect((await api('GET', `/v1/calls?inboxId=${inboxId}`, agentKey)).body.items.map((c: { contact: unknown }) => c.contact)).toEqual([contact, contact, contact]);
    expect((await api('GET', `/v1/conversations/${thread.conversationId}`, agentKey)).body.unreadCount).toBe(0);
  });

  it("a contact's conversations are those in the inboxes the key may see; other organizations see nothing", async () => {
    const { adminKey, number, agents, inboxId, as } = await setUpInbox(world.stack, { agents: 1 });
    const other = await as('POST', '/v1/inboxes', { name: 'Other line', kind: 'shared', timezone: 'UTC' });
    const otherNumber = randomNumber();
    await as('POST', `/v1/inboxes/${other.id}/numbers`, { e164: otherNumber });
    const contact = (await api('POST', '/v1/contacts', adminKey, { name: 'Dana', phones: [randomNumber()] })).body;
    await textArrives(world, number, contact.phones[0], 'To the main line');
    await textArrives(world, otherNumber, contact.phones[0], 'To the other line');

    const seenBy = async (key: string) => (await api('GET', `/v1/contacts/${contact.id}/conversations`, key)).body.items.map((c: { inboxId: string }) => c.inboxId);
    expect((await seenBy(adminKey)).sort()).toEqual([inboxId, other.id].sort());
    expect(await seenBy(await keyFor(world, adminKey, agents[0]!))).toEqual([inboxId]);
    const [conversation] = (await api('GET', `/v1/contacts/${contact.id}/conversations`, adminKey)).body.items;
    expect(conversation.contact).toEqual({ id: contact.id, name: 'Dana', phone: contact.phones[0] });

    const stranger = await world.stack.createOrg();
    expect((await api('GET', `/v1/contacts/${contact.id}/conversations`, stranger.adminKey)).status).toBe(404);
    expect((await api('GET', `/v1/conversations/${conversation.id}`, stranger.adminKey)).status).toBe(404);
    expect((await api('GET', `/v1/conversations/${conversation.id}/items`, stranger.adminKey)).status).toBe(404);
  });
});

describe('assignment', () => {
  it('a connected user or an admin assigns among connected users; anyone else is refused; each change is audited', async () => {
    const { adminKey, number, agents, inboxId, as } = await setUpInbox(world.stack, { agents: 2 });
    const watcher = await as('POST', '/v1/users', { name: 'Wanda', email: 'wanda@x.test', role: 'agent' });
    await as('PUT', `/v1/inboxes/${inboxId}/members/${watcher.id}`, { role: 'watching' });
    const outsider = await as('POST', '/v1/users', { name: 'Otto', email: 'otto@x.test', role: 'agent' });
    const supervisor = await as('POST', '/v1/users', { name: 'Sue', email: 'sue@x.test', role: 'supervisor' });
    await textArrives(world, number, randomNumber(), 'Who can help?');
    const [thread] = (await api('GET', `/v1/inboxes/${inboxId}/feed`, adminKey)).body.items;
    const assign = (key: string, userId: string | null) => api('PUT', `/v1/conversations/${thread.conversationId}/assignee`, key, { userId });
    const assignee = async () => (await api('GET', `/v1/conversations/${thread.conversationId}`, adminKey)).body.assigneeUserId;

    const agentKey = await keyFor(world, adminKey, agents[0]!);
    const assigned = await assign(agentKey, agents[1]!);
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ id: thread.conversationId, assigneeUserId: agents[1] });
    expect((await api('GET', `/v1/inboxes/${inboxId}/feed`, agentKey)).body.items[0].assigneeUserId).toBe(agents[1]);

    for (const userId of [watcher.id, outsider.id, 'usr_nobody']) {
      const refused = await assign(agentKey, userId);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'userId' })]);
    }
    expect((await assign(await keyFor(world, adminKey, watcher.id), agents[0]!)).status).toBe(403);
    expect((await assign(await keyFor(world, adminKey, supervisor.id, 'supervisor'), agents[0]!)).status).toBe(403);
    expect((await assign(await world.stack.createKey(adminKey, 'supervisor'), agents[0]!)).status).toBe(403);
    expect((await assign(await keyFor(world, adminKey, outsider.id), agents[0]!)).status).toBe(404);
    expect((await api('PUT', `/v1/conversations/${thread.conversationId}/assignee`, agentKey, {})).status).toBe(400);
    expect(await assignee()).toBe(agents[1]);

    expect((await assign(adminKey, null)).body.assigneeUserId).toBeNull();
    expect(await assignee()).toBeNull();
    const audit = (await api('GET', `/v1/audit-log?resourceType=conversation&resourceId=${thread.conversationId}`, adminKey)).body.items;
    expect(audit.map((entry: { before: unknown; after: unknown; actor: { userId: string | null } }) => [entry.before, entry.after, entry.actor.userId])).toEqual([
      [{ assigneeUserId: agents[1] }, { assigneeUserId: null }, null],
      [{ assigneeUserId: null }, { assigneeUserId: agents[1] }, agents[0]],
    ]);
  });

  it("a new conversation with an owned contact starts assigned to the owner, if the owner is connected to the inbox", async () => {
    const { adminKey, number, agents, inboxId, as } = await setUpInbox(world.stack, { agents: 1 });
    const watcher = await as('POST', '/v1/users', { name: 'Wanda', email: 'wanda@x.test', role: 'agent' });
    await as('PUT', `/v1/inboxes/${inboxId}/members/${watcher.id}`, { role: 'watching' });
    const owned = (await api('POST', '/v1/contacts', adminKey, { name: 'Owned', phones: [randomNumber()], ownerUserId: agents[0] })).body;
    const watched = (await api('POST', '/v1/contacts', adminKey, { name: 'Watched', phones: [randomNumber()], ownerUserId: watcher.id })).body;
    await textArrives(world, number, owned.phones[0], 'Hi, it is me again');
    await answeredCall(world, number, watched.phones[0], agents[0]!, 5);
    const conversationOf = async (contactId: string) => (await api('GET', `/v1/contacts/${contactId}/conversations`, adminKey)).body.items[0];
    expect(await conversationOf(owned.id)).toMatchObject({ inboxId, assigneeUserId: agents[0] });
    expect(await conversationOf(watched.id)).toMatchObject({ inboxId, assigneeUserId: null });
  });
});
