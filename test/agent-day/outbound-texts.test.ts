import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboundMessageWorkflowId } from '../../workflows/messages/contract.ts';
import { randomNumber, startCallWorld, type CallWorld } from '../helpers/call-fixture.ts';
import { SMS } from '../helpers/carrier-simulator.ts';
import { setUpAgentDay, type AgentDay } from './outbound-fixture.ts';

let world: CallWorld;
beforeAll(async () => (world = await startCallWorld()));
afterAll(() => world?.stop());

const smsTo = (to: string) => world.carrier.commands.filter((c) => c.callId === SMS && c.body.to === to);
const send = (key: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => world.stack.call('POST', '/v1/messages', { key, body, headers });
const sent = async (messageId: string) => world.stack.client.workflow.getHandle(outboundMessageWorkflowId(messageId)).result();
const unthreaded = async (day: AgentDay, inboxId: string) => (await world.stack.call('GET', `/v1/inboxes/${inboxId}/feed?view=unthreaded`, { key: day.agentKey })).body.items;

/** A refusal is a 400 naming `from`, and nothing goes to the carrier. */
async function expectRefused(response: { status: number; body: { errors?: { path: string }[] } }, to: string) {
  expect(response.status).toBe(400);
  expect(response.body.errors?.map((e) => e.path)).toEqual(['from']);
  expect(smsTo(to)).toEqual([]);
}

/** A watcher, or a key acting for nobody connected, is refused outright (403), and nothing goes to the carrier. */
async function expectForbidden(response: { status: number }, to: string) {
  expect(response.status).toBe(403);
  expect(smsTo(to)).toEqual([]);
}

describe('POST /v1/messages: a new text from a chosen number', () => {
  it("without from, goes out from the primary number of the user's default inbox and shows in that inbox's feed as outbound", async () => {
    const day = await setUpAgentDay(world.stack);
    const to = randomNumber();
    const response = await send(day.agentKey, { to, body: 'Your order is ready' });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ messageId: expect.any(String), conversationId: expect.any(String) });
    await sent(response.body.messageId);
    expect(smsTo(to).map((c) => c.body)).toEqual([expect.objectContaining({ from: day.main.numbers[0], to, body: 'Your order is ready' })]);
    const [item] = await unthreaded(day, day.main.id);
    expect(item).toMatchObject({
      id: response.body.messageId, conversationId: response.body.conversationId, kind: 'message', direction: 'outbound', from: day.main.numbers[0], to,
      body: 'Your order is ready', agentUserId: day.agentId, read: true,
    });
    const threads = (await world.stack.call('GET', `/v1/inboxes/${day.main.id}/feed`, { key: day.agentKey })).body.items;
    expect(threads).toEqual([expect.objectContaining({ conversationId: response.body.conversationId, unreadCount: 0 })]);
  });

  it("with from, goes out from that number (the inbox's second line, or another inbox's) and lands in that inbox", async () => {
    const day = await setUpAgentDay(world.stack);
    const to = randomNumber();
    const viaSecondLine = await send(day.agentKey, { to, body: 'From the second line', from: day.main.numbers[1] });
    const viaOtherInbox = await send(day.agentKey, { to, body: 'From the other inbox', from: day.second.numbers[0] });
    expect([viaSecondLine.status, viaOtherInbox.status]).toEqual([202, 202]);
    await Promise.all([sent(viaSecondLine.body.messageId), sent(viaOtherInbox.body.messageId)]);
    expect(smsTo(to).map((c) => c.body.from).sort()).toEqual([day.main.numbers[1], day.second.numbers[0]].sort());
    expect((await unthreaded(day, day.main.id)).map((i: { body: string }) => i.body)).toEqual(['From the second line']);
    expect((await unthreaded(day, day.second.id)).map((i: { body: string }) => i.body)).toEqual(['From the other inbox']);
    expect(viaOtherInbox.body.conversationId).not.toBe(viaSecondLine.body.conversationId);
  });

  it('refuses a from that is not a number of an inbox where the user is connected: unknown, another organization\'s (400), watched (403)', async () => {
    const day = await setUpAgentDay(world.stack);
    const stranger = await setUpAgentDay(world.stack);
    const to = randomNumber();
    for (const from of [randomNumber(), stranger.main.numbers[0]]) {
      await expectRefused(await send(day.agentKey, { to, body: 'hi', from }), to);
    }
    await expectForbidden(await send(day.agentKey, { to, body: 'hi', from: day.watched.numbers[0] }), to);
  });

  it('refuses without from when the user has no default inbox, when it has no primary number, or when the user only watches it', async () => {
    const day = await setUpAgentDay(world.stack);
    const to = randomNumber();
    await day.as('PATCH', `/v1/users/${day.colleagueId}`, { defaultInboxId: null });
    await expectRefused(await send(day.colleagueKey, { to, body: 'hi' }), to);
    await day.as('PATCH', `/v1/users/${day.agentId}`, { defaultInboxId: day.empty.id });
    await expectRefused(await send(day.agentKey, { to, body: 'hi' }), to);
    await day.as('PATCH', `/v1/users/${day.agentId}`, { defaultInboxId: day.watched.id });
    await expectRefused(await send(day.agentKey, { to, body: 'hi' }), to);
  });

  it('refuses keys that act for no user, admin keys included, and bad input with field errors', async () => {
    const day = await setUpAgentDay(world.stack);
    const to = randomNumber();
    await expectRefused(await send(day.userlessAgentKey, { to, body: 'hi' }), to);
    await expectRefused(await send(day.adminKey, { to, body: 'hi', from: day.main.numbers[0] }), to);
    const bad = await send(day.agentKey, { to: '555', body: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body', 'to']);
  });

  it('sends once for a retried Idempotency-Key, answering the same message id', async () => {
    const day = await setUpAgentDay(world.stack);
    const to = randomNumber();
    const first = await send(day.agentKey, { to, body: 'Once' }, { 'idempotency-key': 'text-1' });
    const again = await send(day.agentKey, { to, body: 'Once' }, { 'idempotency-key': 'text-1' });
    expect(again.body).toEqual(first.body);
    await sent(first.body.messageId);
    expect(smsTo(to)).toHaveLength(1);
    expect(await unthreaded(day, day.main.id)).toHaveLength(1);
  });
});

describe('replies take from too', () => {
  async function inboundConversation(day: AgentDay) {
    const contact = randomNumber();
    const messageId = `SMin${Date.now()}${Math.random().toString(36).slice(2, 8)}`;
    await world.carrier.sendMessaging({ type: 'message.received', messageId, from: contact, to: day.main.numbers[0], body: 'Hello?' });
    await world.stack.client.workflow.getHandle(`message-${messageId}`).result();
    const [thread] = (await world.stack.call('GET', `/v1/inboxes/${day.main.id}/feed`, { key: day.agentKey })).body.items;
    return { contact, conversationId: thread.conversationId as string };
  }
  const reply = (key: string, conversationId: string, body: Record<string, unknown>) =>
    world.stack.call('POST', `/v1/conversations/${conversationId}/messages`, { key, body });

  it("without from, reply from the conversation's inbox's primary number; with another inbox's number, land in the contact's conversation there", async () => {
    const day = await setUpAgentDay(world.stack);
    const { contact, conversationId } = await inboundConversation(day);
    const plain = await reply(day.agentKey, conversationId, { body: 'Hi!' });
    expect(plain.status).toBe(201);
    expect(plain.body.conversationId).toBe(conversationId);
    const elsewhere = await reply(day.agentKey, conversationId, { body: 'Now from the other line', from: day.second.numbers[0] });
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body.conversationId).not.toBe(conversationId);
    expect(smsTo(contact).map((c) => c.body.from)).toEqual([day.main.numbers[0], day.second.numbers[0]]);
    expect((await unthreaded(day, day.second.id))).toEqual([expect.objectContaining({ conversationId: elsewhere.body.conversationId, direction: 'outbound', to: contact })]);
  });

  it("refuses a watched number, and keys acting for no user unless they are an admin's (today's behaviour)", async () => {
    const day = await setUpAgentDay(world.stack);
    const { contact, conversationId } = await inboundConversation(day);
    await expectForbidden(await reply(day.agentKey, conversationId, { body: 'x', from: day.watched.numbers[0] }), contact);
    await expectForbidden(await reply(day.userlessSupervisorKey, conversationId, { body: 'x' }), contact);
    const admin = await reply(day.adminKey, conversationId, { body: 'From the office' });
    expect(admin.status).toBe(201);
    expect(smsTo(contact).map((c) => c.body.from)).toEqual([day.main.numbers[0]]);
  });

  it("refuses without from when the conversation's inbox has no primary number", async () => {
    const day = await setUpAgentDay(world.stack);
    const { contact, conversationId } = await inboundConversation(day);
    for (const e164 of day.main.numbers) await day.as('DELETE', `/v1/inboxes/${day.main.id}/numbers/${encodeURIComponent(e164)}`);
    await expectRefused(await reply(day.agentKey, conversationId, { body: 'x' }), contact);
  });
});
