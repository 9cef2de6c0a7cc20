import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallState } from '../../workflows/call/contract.ts';
import { callWorkflowId } from '../../workflows/call/contract.ts';
import { outboundCallWorkflowId } from '../../workflows/outbound-call/contract.ts';
import { newCallId, randomNumber, startCallWorld, type CallWorld } from '../helpers/call-fixture.ts';
import { ANY_CALL } from '../helpers/carrier-simulator.ts';
import { recordHistory } from '../helpers/record-history.ts';
import { setUpAgentDay, type AgentDay } from './outbound-fixture.ts';

let world: CallWorld;
beforeAll(async () => (world = await startCallWorld()));
afterAll(() => world?.stop());

const place = (key: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => world.stack.call('POST', '/v1/calls', { key, body, headers });
const outcome = async (callId: string) => {
  const state = (await world.stack.client.workflow.getHandle(outboundCallWorkflowId(callId)).result()) as CallState;
  await recordHistory(outboundCallWorkflowId(callId));
  return state;
};
const getCall = async (day: AgentDay, callId: string) => (await world.stack.call('GET', `/v1/calls/${callId}`, { key: day.agentKey })).body;

describe('POST /v1/calls: click to call', () => {
  it('asks the carrier to ring the agent and dial the contact from the default number; answered then hung up, it completes', async () => {
    const day = await setUpAgentDay(world.stack);
    const to = randomNumber();
    const response = await place(day.agentKey, { to });
    expect(response.status).toBe(202);
    const { callId } = response.body;
    expect(await getCall(day, callId)).toMatchObject({ callId, direction: 'outbound', status: 'dialing', from: day.main.numbers[0], to, inboxId: day.main.id });

    // The simulator accepts only requests signed with the carrier API secret.
    const { dialed } = await world.carrier.playOutboundCall(callId, { contactAnswers: true, hangsUp: 'contact' });
    const agentPhone = (await day.as('GET', `/v1/users/${day.agentId}`)).phone;
    expect(dialed.body).toEqual({ command: 'dial', callId, from: day.main.numbers[0], to, agent: { userId: day.agentId, phone: agentPhone } });
    expect(dialed.idempotencyKey).toBe(`${callId}:dial`);
    expect((await outcome(callId))).toMatchObject({ status: 'completed', answeredBy: day.agentId });

    const call = await getCall(day, callId);
    expect(call).toMatchObject({ direction: 'outbound', status: 'completed', answeredBy: day.agentId, answeredAt: expect.any(String), endedAt: expect.any(String) });
    expect(call.events.map((e: { type: string }) => e.type)).toEqual(['command.dial', 'call.answered', 'call.hangup']);
    const [item] = (await world.stack.call('GET', `/v1/inboxes/${day.main.id}/feed?view=unthreaded`, { key: day.agentKey })).body.items;
    expect(item).toMatchObject({ kind: 'call', direction: 'outbound', status: 'completed', contact: expect.objectContaining({ phone: to }), externalId: callId, agentUserId: day.agentId, read: true });
    const date = new Date().toISOString().slice(0, 10);
    const report = await world.stack.call('GET', `/v1/inboxes/${day.main.id}/reports/daily?date=${date}`, { key: day.adminKey });
    expect(report.body.figures.outboundCalls).toMatchObject({ placed: 1, connected: 1, noAnswer: 0, failed: 0 });
    expect(report.body.figures.calls.inbound).toBe(0);
  });

  it('ends no_answer when nobody picks up within the inbox\'s maxWaitSec (and hangs up), or when a side hangs up first', async () => {
    const day = await setUpAgentDay(world.stack);
    const silent = (await place(day.agentKey, { to: randomNumber() })).body.callId;
    await world.carrier.nextCommand(silent, 'dial');
    expect((await outcome(silent)).status).toBe('no_answer');
    expect((await world.carrier.nextCommand(silent, 'hangup')).body).toEqual({ command: 'hangup', reason: 'no_answer' });

    const declined = (await place(day.agentKey, { to: randomNumber(), from: day.second.numbers[0] })).body.callId;
    await world.carrier.playOutboundCall(declined, { contactAnswers: false, hangsUp: 'contact' });
    expect((await outcome(declined)).status).toBe('no_answer');
    expect(world.carrier.accepted(declined).map((c) => c.body.command)).toEqual(['dial']);
    expect(await getCall(day, declined)).toMatchObject({ status: 'no_answer', from: day.second.numbers[0], inboxId: day.second.id });
  });

  it('ends failed when the carrier refuses the call (4xx), saying why', async () => {
    const day = await setUpAgentDay(world.stack);
    world.carrier.script(ANY_CALL, 'dial', [422]);
    const callId = (await place(day.agentKey, { to: randomNumber() })).body.callId;
    expect((await outcome(callId)).status).toBe('failed');
    const call = await getCall(day, callId);
    expect(call.status).toBe('failed');
    expect(call.events.find((e: { type: string }) => e.type === 'carrier.failed').detail.reason).toContain('422');
  });

  it('keeps the agent off inbound calls while dialing and while connected; the colleague is rung instead', async () => {
    const day = await setUpAgentDay(world.stack, { ringTimeoutSec: 20, maxWaitSec: 60 });
    const callId = (await place(day.agentKey, { to: randomNumber() })).body.callId;
    await world.carrier.nextCommand(callId, 'dial');
    const ringed = async () => {
      const inbound = newCallId();
      await world.carrier.sendVoice({ type: 'call.initiated', callId: inbound, from: randomNumber(), to: day.main.numbers[0] });
      const ring = await world.carrier.nextCommand(inbound, 'ring');
      await world.carrier.sendVoice({ type: 'call.hangup', callId: inbound, party: 'caller' });
      await world.stack.client.workflow.getHandle(callWorkflowId(inbound)).result();
      return (ring.body.targets as { userId: string }[]).map((t) => t.userId);
    };
    expect(await ringed()).toEqual([day.colleagueId]);
    await world.carrier.sendVoice({ type: 'call.answered', callId, party: 'contact' });
    await expect.poll(async () => (await getCall(day, callId)).status).toBe('connected');
    expect(await ringed()).toEqual([day.colleagueId]);
    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'agent', occurredAt: new Date(Date.now() + 1000).toISOString() });
    expect((await outcome(callId)).status).toBe('completed');
    expect((await ringed()).sort()).toEqual([day.agentId, day.colleagueId].sort());
  });

  it('applies the sending-number rules, and places one call for a retried Idempotency-Key', async () => {
    const day = await setUpAgentDay(world.stack);
    const to = randomNumber();
    for (const [key, body] of [[day.userlessAgentKey, { to }], [day.adminKey, { to }]] as const) {
      const refused = await place(key, body);
      expect(refused.status).toBe(400);
      expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['from']);
    }
    // A watcher of the number's inbox may not call from it.
    expect((await place(day.agentKey, { to, from: day.watched.numbers[0] })).status).toBe(403);
    const first = await place(day.agentKey, { to }, { 'idempotency-key': 'call-1' });
    const again = await place(day.agentKey, { to }, { 'idempotency-key': 'call-1' });
    expect(again.body).toEqual(first.body);
    await world.carrier.playOutboundCall(first.body.callId, { contactAnswers: false, hangsUp: 'agent' });
    await outcome(first.body.callId);
    expect(world.carrier.commands.filter((c) => c.body.command === 'dial' && c.body.to === to)).toHaveLength(1);
  });

  it('takes voice events for its call id only in the outbound shape; late events are accepted and change nothing', async () => {
    const day = await setUpAgentDay(world.stack);
    const callId = (await place(day.agentKey, { to: randomNumber() })).body.callId;
    await world.carrier.nextCommand(callId, 'dial');
    const wrong = await world.carrier.sendVoice({ type: 'call.answered', callId, userId: day.agentId });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { path: string }) => e.path)).toEqual(['party']);
    await world.carrier.playOutboundCall(callId, { contactAnswers: true, hangsUp: 'agent' });
    await outcome(callId);
    expect(await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'contact' })).toEqual({ status: 202, body: { workflowId: outboundCallWorkflowId(callId) } });
    expect((await getCall(day, callId)).status).toBe('completed');
  });
});
