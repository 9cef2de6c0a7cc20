import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCallActivities } from '../../activities/calls.ts';
import { createCarrierClient } from '../../activities/carrier-client.ts';
import { communications, notificationRequests } from '../../db/schema/index.ts';
import { callWorkflowId, type CallState } from '../../workflows/call/contract.ts';
import { newCallId, setUpInbox, startCallWorld, type CallWorld } from '../helpers/call-fixture.ts';
import { recordHistory } from '../helpers/record-history.ts';

// A call must end in a defined, recorded state whatever the carrier and the timing do: issue 11, findings 1–4.
let world: CallWorld;
beforeAll(async () => (world = await startCallWorld()));
afterAll(() => world?.stop());

const outcome = async (callId: string) => {
  const state = (await world.stack.client.workflow.getHandle(callWorkflowId(callId)).result()) as CallState;
  await recordHistory(callWorkflowId(callId));
  return state;
};
const later = (ms: number) => new Date(Date.now() + ms).toISOString();
const commandsOf = (callId: string, command: string) => world.carrier.commands.filter((c) => c.callId === callId && c.body.command === command);
const callRecord = async (orgId: string, callId: string) =>
  (await world.stack.database.db.select().from(communications).where(and(eq(communications.orgId, orgId), eq(communications.kind, 'call'), eq(communications.externalId, callId))))[0]!;
const notificationsFor = (callId: string) => world.stack.database.db.select().from(notificationRequests).where(eq(notificationRequests.subjectId, callId));

async function startCall(callId: string, number: string) {
  expect((await world.carrier.sendVoice({ type: 'call.initiated', callId, from: '+14155550100', to: number })).status).toBe(202);
}

describe('an answer while the ring is being cancelled', () => {
  it('connects the call to that agent: no voicemail, and the call completes', async () => {
    const { number, agents, orgId } = await setUpInbox(world.stack, { agents: 1, routing: { ringTimeoutSec: 4, maxWaitSec: 4 } });
    const callId = newCallId();
    world.carrier.delay(callId, 'cancel_ring', [3000]);
    await startCall(callId, number);
    // The ring times out; while the carrier takes 3 s over the cancel, the agent picks up.
    await world.carrier.nextCommand(callId, 'cancel_ring');
    await world.carrier.sendVoice({ type: 'call.answered', callId, userId: agents[0] });
    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'agent', occurredAt: later(1000) });
    const next = await Promise.race([outcome(callId), world.carrier.nextCommand(callId, 'voicemail').then(() => 'voicemail offered' as const)]);
    expect(next).toMatchObject({ status: 'completed', answeredBy: agents[0] });
    expect(commandsOf(callId, 'voicemail')).toEqual([]);
    expect(await callRecord(orgId, callId)).toMatchObject({ status: 'completed', agentUserId: agents[0] });
    expect(await notificationsFor(callId)).toEqual([]);
  });
});

describe('a carrier outage', () => {
  it('longer than ten retries but shorter than the wait: the ring still goes out and the call is answered', async () => {
    const { number, agents } = await setUpInbox(world.stack, { agents: 1, routing: { ringTimeoutSec: 10, maxWaitSec: 60 } });
    const callId = newCallId();
    // The outage runs from now: on a loaded machine the first ring attempt may come a while later.
    const outageEnds = world.carrier.failFor(callId, 32_000);
    await startCall(callId, number);
    const handle = world.stack.client.workflow.getHandle(callWorkflowId(callId));
    const ring = await Promise.race([world.carrier.nextCommand(callId, 'ring'), handle.result().then(() => undefined)]);
    expect(ring?.at).toBeGreaterThanOrEqual(outageEnds);
    await world.carrier.sendVoice({ type: 'call.answered', callId, userId: agents[0] });
    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller', occurredAt: later(500) });
    expect(await outcome(callId)).toMatchObject({ status: 'completed', answeredBy: agents[0] });
    expect(new Set(commandsOf(callId, 'ring').map((c) => c.idempotencyKey)).size).toBe(1);
  }, 90_000);

  it('longer than 30 s while the caller stays on the line: the ring goes out once the carrier is back and is answered', async () => {
    const { number, agents } = await setUpInbox(world.stack, { agents: 1, routing: { ringTimeoutSec: 10, maxWaitSec: 20 } });
    const callId = newCallId();
    const outageEnds = world.carrier.failFor(callId, 40_000);
    await startCall(callId, number);
    const handle = world.stack.client.workflow.getHandle(callWorkflowId(callId));
    const ring = await Promise.race([world.carrier.nextCommand(callId, 'ring'), handle.result().then(() => undefined)]);
    expect(ring?.at).toBeGreaterThanOrEqual(outageEnds);
    await world.carrier.sendVoice({ type: 'call.answered', callId, userId: agents[0] });
    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller', occurredAt: later(500) });
    expect(await outcome(callId)).toMatchObject({ status: 'completed', answeredBy: agents[0] });
    expect(new Set(commandsOf(callId, 'ring').map((c) => c.idempotencyKey)).size).toBe(1);
  }, 90_000);

  it('longer than 30 s at voicemail while the caller stays on the line: the greeting plays once the carrier is back', async () => {
    const { number, orgId } = await setUpInbox(world.stack, { agents: 0, routing: { ringTimeoutSec: 5, maxWaitSec: 10 } });
    const callId = newCallId();
    // The outage is counted from when it began, not from the first refused greeting, which comes some ms later.
    const outageEnds = world.carrier.failFor(callId, 40_000);
    await startCall(callId, number);
    const handle = world.stack.client.workflow.getHandle(callWorkflowId(callId));
    const greeting = await Promise.race([world.carrier.nextCommand(callId, 'voicemail'), handle.result().then(() => undefined)]);
    expect(greeting?.at).toBeGreaterThanOrEqual(outageEnds);
    await world.carrier.sendVoice({ type: 'call.voicemail', callId, recordingUrl: `https://carrier.test/recordings/${callId}.mp3`, durationSec: 5 });
    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller', occurredAt: later(500) });
    expect((await outcome(callId)).status).toBe('voicemail_left');
    expect(await callRecord(orgId, callId)).toMatchObject({ status: 'voicemail_left' });
    expect((await notificationsFor(callId)).map((n) => n.kind)).toEqual(['voicemail']);
  }, 90_000);

  it('when the caller hangs up during it: the ring is withdrawn and the call ends abandoned at once, not when retries run out', async () => {
    const { number, orgId } = await setUpInbox(world.stack, { agents: 1, routing: { ringTimeoutSec: 4, maxWaitSec: 36 } });
    const callId = newCallId();
    world.carrier.failFor(callId, 120_000);
    await startCall(callId, number);
    await vi.waitFor(() => expect(commandsOf(callId, 'ring').length).toBeGreaterThanOrEqual(3), { timeout: 15_000, interval: 100 });
    const hungUpAt = Date.now();
    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller' });
    const final = await outcome(callId);
    // The grace for a reordered answer (2 s) and the bookkeeping, far from the outage's end.
    expect(Date.now() - hungUpAt).toBeLessThan(15_000);
    expect(final.status).toBe('abandoned');
    expect(final.events.map((e) => e.type)).toContain('command.withdrawn');
    expect(await callRecord(orgId, callId)).toMatchObject({ status: 'abandoned', endedAt: expect.any(Date) });
    expect((await notificationsFor(callId)).map((n) => n.kind)).toEqual(['abandoned_call']);
  }, 60_000);
});

describe('a late write', () => {
  it('never moves a finished call backwards, and its agent is rung for the next call', async () => {
    const { number, agents, orgId } = await setUpInbox(world.stack, { agents: 1 });
    const callId = newCallId();
    await startCall(callId, number);
    await world.carrier.nextCommand(callId, 'ring');
    const answeredAt = new Date().toISOString();
    await world.carrier.sendVoice({ type: 'call.answered', callId, userId: agents[0], occurredAt: answeredAt });
    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller', occurredAt: later(500) });
    expect((await outcome(callId)).status).toBe('completed');
    const ended = await callRecord(orgId, callId);

    // An attempt abandoned during a database outage that commits afterwards, as recordCallProgress does.
    const activities = createCallActivities({ db: world.stack.database.db, carrier: createCarrierClient({ secret: 'unused' }) });
    await activities.recordCallProgress({ orgId, callId, status: 'ringing' });
    await activities.recordCallProgress({ orgId, callId, status: 'connected', agentUserId: agents[0], answeredAt });
    expect(await callRecord(orgId, callId)).toMatchObject({ status: 'completed', endedAt: ended.endedAt, updatedAt: ended.updatedAt });

    const next = newCallId();
    await startCall(next, number);
    const ring = await world.carrier.nextCommand(next, 'ring');
    expect((ring.body.targets as { userId: string }[]).map((t) => t.userId)).toEqual([agents[0]]);
    await world.carrier.sendVoice({ type: 'call.hangup', callId: next, party: 'caller' });
    expect((await outcome(next)).status).toBe('abandoned');
  });
});

describe('the ring clock', () => {
  it('starts when the carrier accepts the ring: retries of the ring command do not eat the agent’s ring time', async () => {
    const { number, adminKey } = await setUpInbox(world.stack, { agents: 1, routing: { ringTimeoutSec: 4, maxWaitSec: 30 } });
    const callId = newCallId();
    // About 3.75 s of retries (0.25 + 0.5 + 1 + 2 s of backoff) before the carrier accepts.
    world.carrier.script(callId, 'ring', [500, 500, 500, 500]);
    await startCall(callId, number);
    const ring = await world.carrier.nextCommand(callId, 'ring');
    expect(ring.at - commandsOf(callId, 'ring')[0]!.at).toBeGreaterThanOrEqual(3000);
    expect(ring.body.timeoutSec).toBe(4);
    await world.carrier.nextCommand(callId, 'cancel_ring');
    const shown = await world.stack.call('GET', `/v1/calls/${callId}`, { key: adminKey });
    const cancelledAt = Date.parse(shown.body.events.find((e: { type: string }) => e.type === 'command.cancel_ring').at);
    expect(cancelledAt - ring.at).toBeGreaterThanOrEqual(4000);
    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller' });
    expect((await outcome(callId)).status).toBe('abandoned');
  });

  it('nor do they eat the maximum wait: a ring accepted after retries longer than the wait still rings its full time', async () => {
    const { number, adminKey } = await setUpInbox(world.stack, { agents: 1, routing: { ringTimeoutSec: 4, maxWaitSec: 4 } });
    const callId = newCallId();
    // About 7.75 s of retries (0.25 + 0.5 + 1 + 2 + 4 s of backoff): longer than the whole wait.
    world.carrier.script(callId, 'ring', [500, 500, 500, 500, 500]);
    await startCall(callId, number);
    const ring = await world.carrier.nextCommand(callId, 'ring');
    expect(ring.at - commandsOf(callId, 'ring')[0]!.at).toBeGreaterThanOrEqual(4000);
    await world.carrier.nextCommand(callId, 'cancel_ring');
    const shown = await world.stack.call('GET', `/v1/calls/${callId}`, { key: adminKey });
    const cancelledAt = Date.parse(shown.body.events.find((e: { type: string }) => e.type === 'command.cancel_ring').at);
    expect(cancelledAt - ring.at).toBeGreaterThanOrEqual(4000);
    // The wait is over once that ring is: voicemail, which the caller does not leave.
    await world.carrier.nextCommand(callId, 'voicemail');
    await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller' });
    expect((await outcome(callId)).status).toBe('missed');
  }, 30_000);
});
