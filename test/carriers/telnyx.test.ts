import { generateKeyPairSync } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carrierCalls } from '../../db/schema/index.ts';
import { callWorkflowId, type CallState } from '../../workflows/call/contract.ts';
import { CALLER, driverFor } from './call-drivers.ts';
import { setUpCarrierInbox, startCarrierWorld, type CarrierWorld } from './carrier-world.ts';
import { legStateOf } from './fakes/telnyx-fake.ts';
import { receiveSms, sentSms } from './sms-drivers.ts';

let world: CarrierWorld;
beforeAll(async () => (world = await startCarrierWorld()));
afterAll(async () => {
  expect(world?.telnyx.violations ?? []).toEqual([]);
  await world?.stop();
});

const outcome = (callId: string) => world.stack.client.workflow.getHandle(callWorkflowId(callId)).result() as Promise<CallState>;
const forCall = (callId: string) => world.telnyx.accepted((r) => (r.path === '/calls' ? legStateOf(r).callId === callId : r.path.startsWith('/calls/')));

describe('Telnyx Call Control', () => {
  it('a signed call.initiated leads to signed, idempotent commands: the caller answered once, one leg per agent, the other leg hung up on answer', async () => {
    const inbox = await setUpCarrierInbox(world, 'telnyx', { agents: 2 });
    const call = driverFor(world, inbox);
    const before = world.telnyx.requests.length;
    await call.start();
    await call.ringing(inbox.agents);
    await call.answer(inbox.agents[1]!);
    const loser = world.telnyx.accepted((r) => r.path === '/calls' && legStateOf(r).callId === call.callId && legStateOf(r).userId === inbox.agents[0]).at(-1)!;
    const cancel = await world.telnyx.next((r) => r.path === `/calls/${encodeURIComponent(String(loser.data.call_control_id))}/actions/hangup`);
    await call.agentHangsUp();
    expect(await outcome(call.callId)).toMatchObject({ status: 'completed', answeredBy: inbox.agents[1] });

    const mine = world.telnyx.requests.slice(before).filter((r) => r.status < 300);
    const answers = mine.filter((r) => r.path.endsWith('/actions/answer'));
    expect(answers.map((r) => r.body.command_id)).toEqual([`${call.callId}:answer`]);
    const dials = mine.filter((r) => r.path === '/calls');
    expect(dials.map((r) => r.body)).toEqual(inbox.agents.map((userId) => expect.objectContaining({
      connection_id: 'conn-1', from: inbox.number, timeout_secs: 20, bridge_on_answer: true, command_id: `${call.callId}:ring:1:${userId}`,
    })));
    expect(cancel.body.command_id).toBe(`${call.callId}:cancel:1:${loser.data.call_control_id}`);
    expect(mine.every((r) => typeof r.body.command_id === 'string')).toBe(true);
  });

  it('a wrong key, a stale timestamp or a changed body is refused with 401 and starts nothing', async () => {
    const inbox = await setUpCarrierInbox(world, 'telnyx', { agents: 1 });
    const payload = (session: string) => ({ call_control_id: `v3:${session}`, call_session_id: session, call_leg_id: session, connection_id: 'conn-1', from: CALLER, to: inbox.number, direction: 'incoming', state: 'parked' });
    const stranger = generateKeyPairSync('ed25519').privateKey;
    const attempts = [
      await world.telnyx.send('call.initiated', payload('5e55a0a1-0000-4000-8000-000000000001'), { privateKey: stranger }),
      await world.telnyx.send('call.initiated', payload('5e55a0a1-0000-4000-8000-000000000002'), { at: Math.floor(Date.now() / 1000) - 301 }),
      await world.telnyx.send('call.initiated', payload('5e55a0a1-0000-4000-8000-000000000003'), { alter: (raw) => raw.replace('incoming', 'incoming ') }),
    ];
    for (const [i, attempt] of attempts.entries()) {
      expect(attempt.status, `attempt ${i}`).toBe(401);
      expect(attempt.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
    for (const session of ['5e55a0a1-0000-4000-8000-000000000001', '5e55a0a1-0000-4000-8000-000000000002', '5e55a0a1-0000-4000-8000-000000000003']) {
      await expect(world.stack.client.workflow.getHandle(callWorkflowId(session)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
      expect(await world.stack.database.db.select().from(carrierCalls).where(eq(carrierCalls.callId, session))).toEqual([]);
    }
  });

  it('duplicated and reordered deliveries change nothing: a hang-up before its call.initiated abandons the call, nobody rung', async () => {
    const inbox = await setUpCarrierInbox(world, 'telnyx', { agents: 1 });
    const early = driverFor(world, inbox);
    await early.callerHangsUp();
    await early.start();
    await early.start();
    expect((await outcome(early.callId)).status).toBe('abandoned');
    expect(forCall(early.callId).filter((r) => r.path === '/calls')).toEqual([]);

    const twice = driverFor(world, inbox);
    await twice.start();
    await twice.start();
    await twice.ringing([inbox.agents[0]!]);
    await twice.answer(inbox.agents[0]!);
    await twice.answer(inbox.agents[0]!);
    await twice.agentHangsUp();
    expect(await outcome(twice.callId)).toMatchObject({ status: 'completed', attempts: 1 });
    expect(world.telnyx.accepted((r) => r.path === '/calls' && legStateOf(r).callId === twice.callId)).toHaveLength(1);
  });

  it('a Telnyx outage: commands are retried with the same command_id until Telnyx is back, and the call goes on', async () => {
    const inbox = await setUpCarrierInbox(world, 'telnyx', { agents: 1 });
    const call = driverFor(world, inbox);
    world.telnyx.failFor(1500);
    const before = world.telnyx.requests.length;
    await call.start();
    await call.ringing([inbox.agents[0]!]);
    const answers = world.telnyx.requests.slice(before).filter((r) => r.path.endsWith('/actions/answer'));
    expect(answers.length).toBeGreaterThan(1);
    expect(answers.map((r) => r.status).at(-1)).toBe(200);
    expect(new Set(answers.map((r) => r.body.command_id)).size).toBe(1);
    await call.answer(inbox.agents[0]!);
    await call.agentHangsUp();
    expect((await outcome(call.callId)).status).toBe('completed');
  });

  it('an agent Telnyx cannot reach (no phone, no SIP URI) is skipped, and the timeline says why', async () => {
    const inbox = await setUpCarrierInbox(world, 'telnyx', { agents: 1, agentsWithoutPhone: 1 });
    const call = driverFor(world, inbox);
    await call.start();
    await call.ringing([inbox.agents[0]!]);
    await call.callerHangsUp();
    const final = await outcome(call.callId);
    expect(final.events).toContainEqual(expect.objectContaining({ type: 'agent.skipped', detail: { userId: inbox.agents[1], reason: 'no phone or SIP URI' } }));
    expect(forCall(call.callId).filter((r) => r.path === '/calls').map((r) => legStateOf(r).userId)).toEqual([inbox.agents[0]]);
  });
});

describe('Telnyx Messaging', () => {
  it('an inbound SMS lands unread; after hours the auto-reply goes out through POST /v2/messages, retried through an outage', async () => {
    const inbox = await setUpCarrierInbox(world, 'telnyx', {
      agents: 1, routing: { businessHours: { weekly: {}, holidays: [] } }, automation: { afterHoursAutoReply: { body: 'Closed until 9.' } },
    });
    world.telnyx.failFor(1000);
    await receiveSms(world, inbox, '+14155550142', 'Open today?');
    const feed = (await inbox.as('GET', `/v1/inboxes/${inbox.inboxId}/feed?view=unthreaded`)).items;
    expect(feed.map((i: { direction: string; body: string; read: boolean }) => [i.direction, i.body, i.read]).sort())
      .toEqual([['inbound', 'Open today?', false], ['outbound', 'Closed until 9.', true]]);
    expect(sentSms(world, inbox)).toEqual([{ from: inbox.number, to: '+14155550142', body: 'Closed until 9.' }]);
    expect(world.telnyx.requests.filter((r) => r.path === '/messages' && r.body.from === inbox.number && r.status >= 500).length).toBeGreaterThan(0);
  });
});
