import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communications, notificationRequests } from '../../db/schema/index.ts';
import { callWorkflowId } from '../../workflows/call/contract.ts';
import { messageWorkflowId } from '../../workflows/messages/contract.ts';
import { newCallId, setUpInbox, startCallWorld, type CallWorld } from '../helpers/call-fixture.ts';
import { SMS } from '../helpers/carrier-simulator.ts';

let world: CallWorld;
beforeAll(async () => (world = await startCallWorld()));
afterAll(() => world?.stop());

let sequence = 0;
const newMessageId = () => `SMin${Date.now()}${sequence++}`;
async function receive(to: string, from: string, body: string, occurredAt = new Date().toISOString()) {
  const messageId = newMessageId();
  const response = await world.carrier.sendMessaging({ type: 'message.received', messageId, from, to, body, occurredAt });
  expect(response.status).toBe(202);
  await world.stack.client.workflow.getHandle(messageWorkflowId(messageId)).result();
  return messageId;
}
const feed = (inboxId: string, key: string, query = '') => world.stack.call('GET', `/v1/inboxes/${inboxId}/feed${query}`, { key });

describe('inbound messages', () => {
  it('land unread in the feed (both views), count as unread, and ask for one watcher notification; a retry applies once', async () => {
    const { number, inboxId, adminKey } = await setUpInbox(world.stack, { agents: 1 });
    const messageId = newMessageId();
    const event = { type: 'message.received', messageId, from: '+14155550123', to: number, body: 'Is the shop open Sunday?', occurredAt: new Date().toISOString() };
    expect((await world.carrier.sendMessaging(event)).body).toEqual({ workflowId: messageWorkflowId(messageId) });
    expect((await world.carrier.sendMessaging(event)).status).toBe(202);
    await world.stack.client.workflow.getHandle(messageWorkflowId(messageId)).result();

    const flat = (await feed(inboxId, adminKey, '?view=unthreaded')).body.items;
    expect(flat).toEqual([expect.objectContaining({ kind: 'message', direction: 'inbound', body: 'Is the shop open Sunday?', contact: expect.objectContaining({ phone: '+14155550123', name: null }), read: false, externalId: messageId })]);
    const threads = (await feed(inboxId, adminKey, '?view=threaded&filter=unread')).body.items;
    expect(threads).toEqual([expect.objectContaining({ contact: expect.objectContaining({ phone: '+14155550123', name: null }), unreadCount: 1, activeCall: null })]);
    expect(threads[0].last.body).toBe('Is the shop open Sunday?');
    expect((await world.stack.call('GET', `/v1/inboxes/${inboxId}/unread-count`, { key: adminKey })).body).toEqual({ unread: 1 });
    const requests = await world.stack.database.db.select().from(notificationRequests).where(eq(notificationRequests.subjectId, messageId));
    expect(requests.map((r) => r.kind)).toEqual(['inbound_message']);
    const stored = await world.stack.database.db.select().from(communications).where(eq(communications.externalId, messageId));
    expect(stored).toHaveLength(1);
  });

  it('answer 404 for a number nobody owns and 400 for a malformed event', async () => {
    expect((await world.carrier.sendMessaging({ type: 'message.received', messageId: newMessageId(), from: '+14155550123', to: '+19995550001', body: 'hi' })).status).toBe(404);
    expect((await world.carrier.sendMessaging({ type: 'message.received', messageId: 'x', from: 'me', to: '+19995550001' })).status).toBe(400);
    expect((await world.carrier.sendMessaging({ type: 'message.status', messageId: 'x', status: 'lost' })).status).toBe(400);
  });
});

describe('replies and read state', () => {
  it("an agent's reply goes out from the primary number and marks the conversation read; statuses follow, latest wins", async () => {
    const { number, inboxId, adminKey, agents } = await setUpInbox(world.stack, { agents: 1 });
    const agentKey = (await world.stack.call('POST', '/v1/api-keys', { key: adminKey, body: { role: 'agent', userId: agents[0] } })).body.key;
    await receive(number, '+14155550124', 'Can I book for 3pm?');
    const conversationId = (await feed(inboxId, agentKey)).body.items[0].conversationId;
    const reply = await world.stack.call('POST', `/v1/conversations/${conversationId}/messages`, { key: agentKey, body: { body: '3pm works, see you then' }, headers: { 'idempotency-key': 'reply-1' } });
    expect(reply.status).toBe(201);
    const again = await world.stack.call('POST', `/v1/conversations/${conversationId}/messages`, { key: agentKey, body: { body: '3pm works, see you then' }, headers: { 'idempotency-key': 'reply-1' } });
    expect(again.body.messageId).toBe(reply.body.messageId);
    const sent = world.carrier.commands.filter((c) => c.callId === SMS && c.body.to === '+14155550124');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({ from: number, to: '+14155550124', body: '3pm works, see you then' });
    expect((await world.stack.call('GET', `/v1/inboxes/${inboxId}/unread-count`, { key: agentKey })).body.unread).toBe(0);

    const at = Date.now();
    await world.carrier.sendMessaging({ type: 'message.status', messageId: reply.body.messageId, status: 'delivered', occurredAt: new Date(at + 2000).toISOString() });
    await world.carrier.sendMessaging({ type: 'message.status', messageId: reply.body.messageId, status: 'sent', occurredAt: new Date(at + 1000).toISOString() });
    const outbound = (await feed(inboxId, agentKey, '?view=unthreaded')).body.items.find((i: { direction: string }) => i.direction === 'outbound');
    expect(outbound).toMatchObject({ status: 'delivered', agentUserId: agents[0], body: '3pm works, see you then' });
  });

  it('under manual-mark-as-read-only a reply leaves the conversation unread; explicit marks work both ways', async () => {
    const { number, inboxId, adminKey, agents } = await setUpInbox(world.stack, { agents: 1, automation: { manualMarkReadOnly: true } });
    const agentKey = (await world.stack.call('POST', '/v1/api-keys', { key: adminKey, body: { role: 'agent', userId: agents[0] } })).body.key;
    await receive(number, '+14155550125', 'First');
    await receive(number, '+14155550125', 'Second');
    const thread = (await feed(inboxId, agentKey)).body.items[0];
    expect((await world.stack.call('POST', `/v1/conversations/${thread.conversationId}/messages`, { key: agentKey, body: { body: 'Noted' } })).status).toBe(201);
    expect((await world.stack.call('GET', `/v1/inboxes/${inboxId}/unread-count`, { key: agentKey })).body.unread).toBe(2);
    const item = (await feed(inboxId, agentKey, '?view=unthreaded&filter=unread')).body.items[0];
    expect((await world.stack.call('POST', `/v1/communications/${item.id}/read`, { key: agentKey })).body).toEqual({ id: item.id, read: true });
    expect((await world.stack.call('GET', `/v1/inboxes/${inboxId}/unread-count`, { key: agentKey })).body.unread).toBe(1);
    await world.stack.call('POST', `/v1/communications/${item.id}/unread`, { key: agentKey });
    expect((await world.stack.call('GET', `/v1/inboxes/${inboxId}/unread-count`, { key: agentKey })).body.unread).toBe(2);
    expect((await world.stack.call('POST', `/v1/conversations/${thread.conversationId}/read`, { key: agentKey })).body.marked).toBe(2);
    expect((await world.stack.call('GET', `/v1/inboxes/${inboxId}/unread-count`, { key: agentKey })).body.unread).toBe(0);
  });

  it('after hours, an auto-reply goes out once per conversation per day', async () => {
    const { number, inboxId, adminKey } = await setUpInbox(world.stack, {
      agents: 1, routing: { businessHours: { weekly: {}, holidays: [] } }, automation: { afterHoursAutoReply: { body: 'We are closed; back at 9.' } },
    });
    await receive(number, '+14155550126', 'Hello?');
    await receive(number, '+14155550126', 'Anyone?');
    await receive(number, '+14155550127', 'Hi from someone else');
    const replies = world.carrier.commands.filter((c) => c.callId === SMS && c.body.from === number);
    expect(replies.map((r) => r.body.to).sort()).toEqual(['+14155550126', '+14155550127']);
    expect(replies.every((r) => r.body.body === 'We are closed; back at 9.')).toBe(true);
    const outbound = (await feed(inboxId, adminKey, '?view=unthreaded')).body.items.filter((i: { direction: string }) => i.direction === 'outbound');
    expect(outbound).toHaveLength(2);
  });

  it('agents see only the feeds of their inboxes', async () => {
    const { inboxId, adminKey } = await setUpInbox(world.stack, { agents: 0 });
    const user = (await world.stack.call('POST', '/v1/users', { key: adminKey, body: { name: 'N', email: 'n@x.test', role: 'agent' } })).body;
    const key = (await world.stack.call('POST', '/v1/api-keys', { key: adminKey, body: { role: 'agent', userId: user.id } })).body.key;
    expect((await feed(inboxId, key)).status).toBe(404);
    expect((await world.stack.call('GET', `/v1/inboxes/${inboxId}/unread-count`, { key })).status).toBe(404);
  });
});

describe('feed order and pagination', () => {
  it('puts the active call first, then newest activity first, and pages without gaps or repeats while new items arrive', async () => {
    const { number, inboxId, adminKey, agents } = await setUpInbox(world.stack, { agents: 1 });
    const base = Date.now() - 60_000;
    const stamp = (s: number) => new Date(base + s * 1000).toISOString();
    for (const [i, from] of ['+14155550201', '+14155550202', '+14155550203'].entries()) await receive(number, from, `m${i}`, stamp(i * 10));
    const done = newCallId();
    await world.carrier.sendVoice({ type: 'call.initiated', callId: done, from: '+14155550204', to: number, occurredAt: stamp(15) });
    await world.carrier.nextCommand(done, 'ring');
    await world.carrier.sendVoice({ type: 'call.hangup', callId: done, party: 'caller', occurredAt: stamp(16) });
    await world.stack.client.workflow.getHandle(callWorkflowId(done)).result();
    await receive(number, '+14155550205', 'm3', stamp(25));
    const live = newCallId();
    await world.carrier.sendVoice({ type: 'call.initiated', callId: live, from: '+14155550206', to: number, occurredAt: stamp(5) });
    await world.carrier.nextCommand(live, 'ring');

    const walk = async (view: string) => {
      const seen: { id: string; at: string; kind?: string; status?: string }[] = [];
      let cursor: string | null = null;
      let injected = false;
      do {
        const page: { body: { items: any[]; nextCursor: string | null } } = await feed(inboxId, adminKey, `?view=${view}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.body.items.map((i) => ({ id: i.id ?? i.conversationId, at: i.occurredAt ?? i.lastActivityAt, kind: i.kind, status: i.status, activeCall: i.activeCall })));
        cursor = page.body.nextCursor;
        // Something new arrives mid-walk: it belongs before the first page, so later pages are unaffected.
        if (!injected) await receive(number, '+14155550207', 'late', new Date().toISOString());
        injected = true;
      } while (cursor);
      return seen;
    };
    const flat = await walk('unthreaded');
    expect(flat).toHaveLength(6);
    expect(new Set(flat.map((i) => i.id)).size).toBe(6);
    expect(flat[0]).toMatchObject({ kind: 'call', status: 'ringing' });
    const rest = flat.slice(1).map((i) => Date.parse(i.at));
    expect(rest).toEqual([...rest].sort((a, b) => b - a));
    expect(flat.map((i) => i.id)).not.toContain(undefined);

    const threads = await walk('threaded');
    expect(threads).toHaveLength(7);
    expect(new Set(threads.map((i) => i.id)).size).toBe(7);
    expect((threads[0] as { activeCall?: unknown }).activeCall).toBeTruthy();

    await world.carrier.sendVoice({ type: 'call.answered', callId: live, userId: agents[0] });
    await world.carrier.sendVoice({ type: 'call.hangup', callId: live, party: 'caller', occurredAt: new Date(Date.now() + 100).toISOString() });
    await world.stack.client.workflow.getHandle(callWorkflowId(live)).result();
    expect((await feed(inboxId, adminKey, '?view=unthreaded&limit=1')).body.items[0].body).toBe('late');
  });
});
