import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communications } from '../../db/schema/index.ts';
import { callWorkflowId, type CallState } from '../../workflows/call/contract.ts';
import { newCallId, setUpInbox, startCallWorld, type CallWorld } from '../helpers/call-fixture.ts';

let world: CallWorld;
beforeAll(async () => (world = await startCallWorld()));
afterAll(() => world?.stop());

const outcome = (callId: string) => world.stack.client.workflow.getHandle(callWorkflowId(callId)).result() as Promise<CallState>;
const workflowExists = async (callId: string) => (await world.stack.client.workflow.count(`WorkflowId = "${callWorkflowId(callId)}"`)).count > 0;

describe('voice webhooks', () => {
  it('refuse a missing, wrong or stale signature with 401 and start nothing', async () => {
    const { number } = await setUpInbox(world.stack, { agents: 1 });
    const event = { type: 'call.initiated', callId: newCallId(), from: '+14155550100', to: number };
    const unsigned = await fetch(`${world.stack.url}/v1/webhooks/voice`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
    expect(unsigned.status).toBe(401);
    expect((await world.carrier.sendVoice(event, { secret: 'not-the-shared-secret' })).status).toBe(401);
    const stale = await world.carrier.sendVoice(event, { at: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(401);
    expect(stale.body.detail).toContain('300 seconds');
    expect(await workflowExists(event.callId)).toBe(false);
  });

  it('answer 400 with field errors for a malformed body, and 404 for a number nobody owns', async () => {
    const bad = await world.carrier.sendVoice({ type: 'call.initiated', callId: 'x', from: 'nope', to: '+1' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['from', 'to']);
    expect((await world.carrier.sendVoice({ type: 'call.teleported', callId: 'x' })).status).toBe(400);
    const unowned = await world.carrier.sendVoice({ type: 'call.initiated', callId: newCallId(), from: '+14155550100', to: '+19995550000' });
    expect(unowned.status).toBe(404);
  });
});

describe('inbox records and read state', () => {
  it('an answered call marks the conversation read for everyone; under manual-only it stays unread', async () => {
    for (const manualMarkReadOnly of [false, true]) {
      const { number, agents, orgId } = await setUpInbox(world.stack, { agents: 1, automation: { manualMarkReadOnly } });
      // A first call is missed (unread), then the same contact calls again and is answered.
      const missed = newCallId();
      await world.carrier.sendVoice({ type: 'call.hangup', callId: missed, party: 'caller', occurredAt: new Date(Date.now() + 200).toISOString() });
      await world.carrier.sendVoice({ type: 'call.initiated', callId: missed, from: '+14155550111', to: number });
      await outcome(missed);
      const answered = newCallId();
      await world.carrier.sendVoice({ type: 'call.initiated', callId: answered, from: '+14155550111', to: number });
      await world.carrier.nextCommand(answered, 'ring');
      await world.carrier.sendVoice({ type: 'call.answered', callId: answered, userId: agents[0] });
      await world.carrier.sendVoice({ type: 'call.hangup', callId: answered, party: 'agent', occurredAt: new Date(Date.now() + 100).toISOString() });
      await outcome(answered);
      const rows = await world.stack.database.db.select().from(communications).where(and(eq(communications.orgId, orgId), eq(communications.kind, 'call')));
      expect(rows).toHaveLength(2);
      expect(new Set(rows.map((r) => r.conversationId)).size).toBe(1);
      expect(rows.every((r) => (r.readAt !== null) === !manualMarkReadOnly), `manualMarkReadOnly=${manualMarkReadOnly}`).toBe(true);
    }
  });
});

describe('calls API', () => {
  it('shows a ringing call live, then its record; agents see only their inboxes, other organizations nothing', async () => {
    const { number, agents, adminKey, inboxId } = await setUpInbox(world.stack, { agents: 1 });
    const outsider = await world.stack.createOrg();
    const memberKey = (await world.stack.call('POST', '/v1/api-keys', { key: adminKey, body: { role: 'agent', userId: agents[0] } })).body.key;
    const strangerAgent = (await world.stack.call('POST', '/v1/users', { key: adminKey, body: { name: 'S', email: 's@x.test', role: 'agent' } })).body;
    const strangerKey = (await world.stack.call('POST', '/v1/api-keys', { key: adminKey, body: { role: 'agent', userId: strangerAgent.id } })).body.key;
    const callId = newCallId();
    await world.carrier.sendVoice({ type: 'call.initiated', callId, from: '+14155550100', to: number });
    await world.carrier.nextCommand(callId, 'ring');

    const live = await world.stack.call('GET', `/v1/calls/${callId}`, { key: memberKey });
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ callId, inboxId, status: 'ringing', ringing: [agents[0]], attempts: 1, answeredBy: null });
    expect(live.body.events.map((e: { type: string }) => e.type)).toEqual(['call.initiated', 'command.ring']);
    const active = await world.stack.call('GET', `/v1/calls?inboxId=${inboxId}&active=true`, { key: adminKey });
    expect(active.body.items.map((c: { callId: string }) => c.callId)).toEqual([callId]);
    expect((await world.stack.call('GET', `/v1/calls/${callId}`, { key: strangerKey })).status).toBe(404);
    expect((await world.stack.call('GET', `/v1/calls/${callId}`, { key: outsider.adminKey })).status).toBe(404);
    expect((await world.stack.call('GET', `/v1/calls/${callId}`)).status).toBe(401);

    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller' });
    await outcome(callId);
    const ended = await world.stack.call('GET', `/v1/calls/${callId}`, { key: memberKey });
    expect(ended.body).toMatchObject({ status: 'abandoned', ringing: [], endedAt: expect.any(String) });
    expect(ended.body.events.map((e: { type: string }) => e.type)).toContain('call.hangup');
    expect((await world.stack.call('GET', `/v1/calls?inboxId=${inboxId}&active=true`, { key: adminKey })).body.items).toEqual([]);
    expect((await world.stack.call('GET', '/v1/calls', { key: strangerKey })).body.items).toEqual([]);
  });
});
