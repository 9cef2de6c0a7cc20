import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communications, notificationRequests } from '../../db/schema/index.ts';
import { callWorkflowId, type CallState } from '../../workflows/call/contract.ts';
import { newCallId, setUpInbox, startCallWorld, type CallWorld } from '../helpers/call-fixture.ts';
import { recordHistory } from '../helpers/record-history.ts';

let world: CallWorld;
beforeAll(async () => (world = await startCallWorld()));
afterAll(() => world?.stop());

const outcome = async (callId: string) => {
  const state = (await world.stack.client.workflow.getHandle(callWorkflowId(callId)).result()) as CallState;
  await recordHistory(callWorkflowId(callId));
  return state;
};
const ringed = (callId: string) => world.carrier.accepted(callId).filter((c) => c.body.command === 'ring').map((c) => (c.body.targets as { userId: string }[]).map((t) => t.userId));
const later = (ms: number) => new Date(Date.now() + ms).toISOString();

async function startCall(number: string, extra: Record<string, unknown> = {}) {
  const callId = newCallId();
  const response = await world.carrier.sendVoice({ type: 'call.initiated', callId, from: '+14155550100', to: number, ...extra });
  expect(response).toEqual({ status: 202, body: { workflowId: callWorkflowId(callId) } });
  return callId;
}

async function notificationsFor(callId: string) {
  return world.stack.database.db.select().from(notificationRequests).where(eq(notificationRequests.subjectId, callId));
}

describe('ringing strategies', () => {
  it('simultaneous rings every available agent at once; the first answer connects and the call completes', async () => {
    const { number, agents, orgId } = await setUpInbox(world.stack, { agents: 3 });
    const callId = await startCall(number);
    const ring = await world.carrier.nextCommand(callId, 'ring');
    expect((ring.body.targets as { userId: string }[]).map((t) => t.userId)).toEqual(agents);
    expect(ring.body.timeoutSec).toBe(20);
    await world.carrier.sendVoice({ type: 'call.answered', callId, userId: agents[1] });
    const cancel = await world.carrier.nextCommand(callId, 'cancel_ring');
    expect(cancel.body.userIds).toEqual([agents[0], agents[2]]);
    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'agent', occurredAt: later(1000) });
    const final = await outcome(callId);
    expect(final).toMatchObject({ status: 'completed', answeredBy: agents[1], attempts: 1 });
    const [record] = await world.stack.database.db.select().from(communications).where(and(eq(communications.orgId, orgId), eq(communications.externalId, callId)));
    expect(record).toMatchObject({ status: 'completed', agentUserId: agents[1], readBy: agents[1] });
    expect(await notificationsFor(callId)).toEqual([]);
  });

  it('sequential rings one agent at a time in position order: answered on the second attempt after a decline', async () => {
    const { number, agents } = await setUpInbox(world.stack, { agents: 3, routing: { strategy: 'sequential' } });
    const callId = await startCall(number);
    await world.carrier.nextCommand(callId, 'ring');
    await world.carrier.sendVoice({ type: 'call.declined', callId, userId: agents[0] });
    await world.carrier.nextCommand(callId, 'ring', (c) => (c.body.targets as { userId: string }[])[0]!.userId === agents[1]);
    await world.carrier.sendVoice({ type: 'call.answered', callId, userId: agents[1] });
    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller', occurredAt: later(500) });
    expect(await outcome(callId)).toMatchObject({ status: 'completed', answeredBy: agents[1], attempts: 2 });
    expect(ringed(callId)).toEqual([[agents[0]], [agents[1]]]);
  });

  it('answered on the last attempt after everyone before declined', async () => {
    const { number, agents } = await setUpInbox(world.stack, { agents: 3, routing: { strategy: 'sequential' } });
    const callId = await startCall(number);
    for (const agent of agents.slice(0, 2)) {
      await world.carrier.nextCommand(callId, 'ring', (c) => (c.body.targets as { userId: string }[])[0]!.userId === agent);
      await world.carrier.sendVoice({ type: 'call.declined', callId, userId: agent });
    }
    await world.carrier.nextCommand(callId, 'ring', (c) => (c.body.targets as { userId: string }[])[0]!.userId === agents[2]);
    await world.carrier.sendVoice({ type: 'call.answered', callId, userId: agents[2] });
    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller', occurredAt: later(500) });
    expect(await outcome(callId)).toMatchObject({ status: 'completed', answeredBy: agents[2], attempts: 3 });
  });

  it('round robin starts after whoever the inbox rang first last time', async () => {
    const { number, agents } = await setUpInbox(world.stack, { agents: 3, routing: { strategy: 'round_robin' } });
    const firsts: string[] = [];
    for (let i = 0; i < 4; i++) {
      const callId = await startCall(number);
      const ring = await world.carrier.nextCommand(callId, 'ring');
      const first = (ring.body.targets as { userId: string }[])[0]!.userId;
      firsts.push(first);
      await world.carrier.sendVoice({ type: 'call.answered', callId, userId: first });
      await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller', occurredAt: later(100) });
      await outcome(callId);
    }
    expect(firsts).toEqual([agents[0], agents[1], agents[2], agents[0]]);
  });

  it('longest idle starts with the agent whose last call ended longest ago; busy and offline agents are skipped', async () => {
    const { number, agents, as } = await setUpInbox(world.stack, { agents: 3, routing: { strategy: 'longest_idle' } });
    // Agent 1 then agent 0 finish calls: agent 2 (never on a call) is idlest, then agent 1, then agent 0.
    for (const agent of [agents[1], agents[0]]) {
      await as('PATCH', `/v1/users/${agents.find((a) => a !== agent && a !== agents[2])}`, { presence: 'offline' });
      await as('PATCH', `/v1/users/${agents[2]}`, { presence: 'offline' });
      const callId = await startCall(number);
      await world.carrier.nextCommand(callId, 'ring');
      await world.carrier.sendVoice({ type: 'call.answered', callId, userId: agent });
      await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller', occurredAt: later(100) });
      await outcome(callId);
      for (const a of agents) await as('PATCH', `/v1/users/${a}`, { presence: 'available' });
    }
    const callId = await startCall(number, {});
    const ring = await world.carrier.nextCommand(callId, 'ring');
    expect((ring.body.targets as { userId: string }[])[0]!.userId).toBe(agents[2]);
    await world.carrier.sendVoice({ type: 'call.declined', callId, userId: agents[2] });
    const second = await world.carrier.nextCommand(callId, 'ring', (c) => (c.body.targets as { userId: string }[])[0]!.userId !== agents[2]);
    expect((second.body.targets as { userId: string }[])[0]!.userId).toBe(agents[1]);
    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller' });
    expect((await outcome(callId)).status).toBe('abandoned');
  });
});

describe('no answer, voicemail and hang-ups', () => {
  it('the caller hangs up while ringing: abandoned, with one notification request', async () => {
    const { number } = await setUpInbox(world.stack, { agents: 1 });
    const callId = await startCall(number);
    await world.carrier.nextCommand(callId, 'ring');
    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller' });
    expect((await outcome(callId)).status).toBe('abandoned');
    expect((await notificationsFor(callId)).map((n) => n.kind)).toEqual(['abandoned_call']);
  });

  it('the caller hangs up while routing: abandoned, nobody rung', async () => {
    const { number } = await setUpInbox(world.stack, { agents: 1 });
    const callId = `CA-early-${Date.now()}`;
    // The hang-up reaches us first (carriers reorder), so it is known before routing ends.
    expect((await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller', occurredAt: later(300) })).status).toBe(202);
    await world.carrier.sendVoice({ type: 'call.initiated', callId, from: '+14155550100', to: number });
    expect((await outcome(callId)).status).toBe('abandoned');
    expect(ringed(callId)).toEqual([]);
  });

  it('nobody answers within the maximum wait: voicemail is offered and left', async () => {
    const { number, orgId } = await setUpInbox(world.stack, { agents: 1, routing: { ringTimeoutSec: 2, maxWaitSec: 3 } });
    const callId = await startCall(number);
    const voicemail = await world.carrier.nextCommand(callId, 'voicemail');
    expect(voicemail.body).toMatchObject({ maxLengthSec: 120, greeting: expect.stringContaining('leave a message') });
    expect(ringed(callId).length).toBeGreaterThanOrEqual(2);
    await world.carrier.sendVoice({ type: 'call.voicemail', callId, recordingUrl: 'https://carrier.test/rec/1.mp3', durationSec: 17, transcription: 'Call me back' });
    expect((await outcome(callId)).status).toBe('voicemail_left');
    const rows = await world.stack.database.db.select().from(communications).where(and(eq(communications.orgId, orgId), eq(communications.externalId, callId)));
    expect(rows.map((r) => [r.kind, r.status]).sort()).toEqual([['call', 'voicemail_left'], ['voicemail', 'received']]);
    const [request] = await notificationsFor(callId);
    expect(request).toMatchObject({ kind: 'voicemail', payload: { voicemail: { recordingUrl: 'https://carrier.test/rec/1.mp3', durationSec: 17 } } });
  });

  it('voicemail offered but not left: missed', async () => {
    const { number } = await setUpInbox(world.stack, { agents: 0 });
    const callId = await startCall(number);
    await world.carrier.nextCommand(callId, 'voicemail');
    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller' });
    expect((await outcome(callId)).status).toBe('missed');
    expect((await notificationsFor(callId)).map((n) => n.kind)).toEqual(['missed_call']);
  });

  it('no agent available and voicemail off: the carrier is told to hang up, missed', async () => {
    const { number, agents, as } = await setUpInbox(world.stack, { agents: 1, routing: { voicemail: { enabled: false } } });
    await as('PATCH', `/v1/users/${agents[0]}`, { presence: 'offline' });
    const callId = await startCall(number);
    expect((await world.carrier.nextCommand(callId, 'hangup')).body.reason).toBe('no_agent_available');
    expect((await outcome(callId)).status).toBe('missed');
  });

  it('after hours with voicemail, and after hours with hang-up', async () => {
    const closed = { businessHours: { weekly: {}, holidays: [] } };
    const withVoicemail = await setUpInbox(world.stack, { agents: 1, routing: { ...closed, afterHours: 'voicemail' } });
    const first = await startCall(withVoicemail.number);
    await world.carrier.nextCommand(first, 'voicemail');
    await world.carrier.sendVoice({ type: 'call.voicemail', callId: first, recordingUrl: 'https://carrier.test/rec/2.mp3', durationSec: 5 });
    expect((await outcome(first)).status).toBe('voicemail_left');
    expect(ringed(first)).toEqual([]);
    const withHangup = await setUpInbox(world.stack, { agents: 1, routing: { ...closed, afterHours: 'hangup' } });
    const second = await startCall(withHangup.number);
    expect((await world.carrier.nextCommand(second, 'hangup')).body.reason).toBe('after_hours');
    expect((await outcome(second)).status).toBe('missed');
  });
});

describe('carrier failures', () => {
  it('a carrier 500 is retried with the same idempotency key until it succeeds', async () => {
    const { number, agents } = await setUpInbox(world.stack, { agents: 1 });
    const callId = `CA-retry-${Date.now()}`;
    world.carrier.script(callId, 'ring', [500, 503]);
    await world.carrier.sendVoice({ type: 'call.initiated', callId, from: '+14155550100', to: number });
    await world.carrier.nextCommand(callId, 'ring');
    const rings = world.carrier.commands.filter((c) => c.callId === callId && c.body.command === 'ring');
    expect(rings.map((c) => c.status)).toEqual([500, 503, 200]);
    expect(new Set(rings.map((c) => c.idempotencyKey)).size).toBe(1);
    await world.carrier.sendVoice({ type: 'call.answered', callId, userId: agents[0] });
    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller', occurredAt: later(100) });
    expect((await outcome(callId)).status).toBe('completed');
  });

  it('a carrier 400 is not retried: the call fails and says why', async () => {
    const { number, adminKey } = await setUpInbox(world.stack, { agents: 1 });
    const callId = `CA-reject-${Date.now()}`;
    world.carrier.script(callId, 'ring', [400]);
    await world.carrier.sendVoice({ type: 'call.initiated', callId, from: '+14155550100', to: number });
    const final = await outcome(callId);
    expect(final.status).toBe('failed');
    expect(world.carrier.commands.filter((c) => c.callId === callId && c.body.command === 'ring')).toHaveLength(1);
    const shown = await world.stack.call('GET', `/v1/calls/${callId}`, { key: adminKey });
    expect(shown.body.status).toBe('failed');
    expect(shown.body.events.find((e: { type: string }) => e.type === 'carrier.failed').detail.reason).toContain('400');
  });
});

describe('duplicates, reordering and races', () => {
  it('the same events twice are applied once, and a retried call.initiated after the end starts nothing', async () => {
    const { number, agents } = await setUpInbox(world.stack, { agents: 1 });
    const callId = newCallId();
    const initiated = { type: 'call.initiated', callId, from: '+14155550100', to: number, occurredAt: new Date().toISOString() };
    expect((await world.carrier.sendVoice(initiated)).status).toBe(202);
    expect((await world.carrier.sendVoice(initiated)).status).toBe(202);
    await world.carrier.nextCommand(callId, 'ring');
    const answered = { type: 'call.answered', callId, userId: agents[0], occurredAt: new Date().toISOString() };
    await world.carrier.sendVoice(answered);
    await world.carrier.sendVoice(answered);
    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller', occurredAt: later(100) });
    const final = await outcome(callId);
    expect(final.events.filter((e) => e.type === 'call.answered')).toHaveLength(1);
    expect(final.events.filter((e) => e.type === 'call.initiated')).toHaveLength(1);
    expect(ringed(callId)).toHaveLength(1);
    expect((await world.carrier.sendVoice(initiated)).status).toBe(202);
    const runs = await world.stack.client.workflow.count(`WorkflowId = "${callWorkflowId(callId)}"`);
    expect(runs.count).toBe(1);
  });

  it('a hang-up delivered before the answer that preceded it still gives a completed call', async () => {
    const { number, agents } = await setUpInbox(world.stack, { agents: 1 });
    const callId = await startCall(number);
    await world.carrier.nextCommand(callId, 'ring');
    const answeredAt = new Date();
    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller', occurredAt: new Date(answeredAt.getTime() + 30_000).toISOString() });
    await world.carrier.sendVoice({ type: 'call.answered', callId, userId: agents[0], occurredAt: answeredAt.toISOString() });
    expect(await outcome(callId)).toMatchObject({ status: 'completed', answeredBy: agents[0] });
  });

  it('two agents answering at once: one is connected, the other leg is cancelled, and the call completes', async () => {
    const { number, agents } = await setUpInbox(world.stack, { agents: 2 });
    const callId = await startCall(number);
    await world.carrier.nextCommand(callId, 'ring');
    const at = Date.now();
    await Promise.all([
      world.carrier.sendVoice({ type: 'call.answered', callId, userId: agents[1], occurredAt: new Date(at).toISOString() }),
      world.carrier.sendVoice({ type: 'call.answered', callId, userId: agents[0], occurredAt: new Date(at + 5).toISOString() }),
    ]);
    // Which answer wins depends on how the two webhooks interleave: the earlier one when the workflow has both
    // at its decision, otherwise the one it saw first (this test once asserted the former and timed out on the
    // latter in CI). Either way exactly one agent is connected and only the other's leg is cancelled.
    const cancel = await world.carrier.nextCommand(callId, 'cancel_ring');
    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller', occurredAt: later(100) });
    const final = await outcome(callId);
    expect(final.status).toBe('completed');
    expect(agents.slice(0, 2)).toContain(final.answeredBy);
    expect(cancel.body.userIds).toEqual(agents.slice(0, 2).filter((id) => id !== final.answeredBy));
  });

  it('a routing policy changed mid-call applies at once', async () => {
    const { number, inboxId, as } = await setUpInbox(world.stack, { agents: 1, routing: { ringTimeoutSec: 120, maxWaitSec: 600 } });
    const callId = await startCall(number);
    await world.carrier.nextCommand(callId, 'ring');
    await as('PATCH', `/v1/inboxes/${inboxId}/policies/routing`, { ringTimeoutSec: 2, maxWaitSec: 2 });
    const voicemail = await world.carrier.nextCommand(callId, 'voicemail');
    expect(voicemail).toBeDefined();
    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller' });
    const final = await outcome(callId);
    expect(final.events.some((e) => e.type === 'policy.changed')).toBe(true);
    expect(final.status).toBe('missed');
  });
});
