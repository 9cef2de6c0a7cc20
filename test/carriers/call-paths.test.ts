import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communications, notificationRequests } from '../../db/schema/index.ts';
import { callWorkflowId, type CallState } from '../../workflows/call/contract.ts';
import { recordHistory } from '../helpers/record-history.ts';
import { driverFor } from './call-drivers.ts';
import { carriers, setUpCarrierInbox, startCarrierWorld, type CarrierWorld } from './carrier-world.ts';

let world: CarrierWorld;
beforeAll(async () => (world = await startCarrierWorld()));
afterAll(async () => {
  // Nothing Switchboard sent to Twilio or Telnyx may break their published API.
  expect([...(world?.telnyx.violations ?? []), ...(world?.twilio.violations ?? [])]).toEqual([]);
  await world?.stop();
});

const outcome = async (callId: string, record = false) => {
  const state = (await world.stack.client.workflow.getHandle(callWorkflowId(callId)).result()) as CallState;
  if (record) await recordHistory(callWorkflowId(callId));
  return state;
};
const notificationKinds = async (callId: string) =>
  (await world.stack.database.db.select().from(notificationRequests).where(eq(notificationRequests.subjectId, callId))).map((n) => n.kind);
const records = (orgId: string, callId: string) =>
  world.stack.database.db.select().from(communications).where(and(eq(communications.orgId, orgId), eq(communications.externalId, callId)));

describe.each(carriers)('every call path on %s', (carrier) => {
  it('answered: both agents ring at once, the first answer connects, and the call completes', async () => {
    const inbox = await setUpCarrierInbox(world, carrier, { agents: 2 });
    const call = driverFor(world, inbox);
    await call.start();
    await call.ringing(inbox.agents);
    await call.answer(inbox.agents[1]!);
    await call.agentHangsUp();
    expect(await outcome(call.callId, carrier === 'twilio')).toMatchObject({ status: 'completed', answeredBy: inbox.agents[1], attempts: 1 });
    const [record] = await records(inbox.orgId, call.callId);
    expect(record).toMatchObject({ status: 'completed', agentUserId: inbox.agents[1], readBy: inbox.agents[1] });
    expect(await notificationKinds(call.callId)).toEqual([]);
  });

  it('declined and moved on: sequential rings the next agent after a decline', async () => {
    const inbox = await setUpCarrierInbox(world, carrier, { agents: 2, routing: { strategy: 'sequential' } });
    const call = driverFor(world, inbox);
    await call.start();
    await call.ringing([inbox.agents[0]!]);
    await call.decline(inbox.agents[0]!);
    await call.ringing([inbox.agents[1]!]);
    await call.answer(inbox.agents[1]!);
    await call.agentHangsUp();
    expect(await outcome(call.callId)).toMatchObject({ status: 'completed', answeredBy: inbox.agents[1], attempts: 2 });
  });

  it('no answer: voicemail is offered after the maximum wait and left', async () => {
    const inbox = await setUpCarrierInbox(world, carrier, { agents: 1, routing: { ringTimeoutSec: 2, maxWaitSec: 3 } });
    const call = driverFor(world, inbox);
    await call.start();
    await call.ringing([inbox.agents[0]!]);
    expect(await call.voicemailOffered()).toEqual({ greeting: expect.stringContaining('leave a message'), maxLengthSec: 120 });
    await call.leaveVoicemail(17);
    expect((await outcome(call.callId, carrier !== 'native')).status).toBe('voicemail_left');
    const rows = await records(inbox.orgId, call.callId);
    expect(rows.map((r) => [r.kind, r.status, r.durationSec]).sort()).toEqual([['call', 'voicemail_left', null], ['voicemail', 'received', 17]]);
    expect(await notificationKinds(call.callId)).toEqual(['voicemail']);
  });

  it('the caller hangs up while ringing: abandoned', async () => {
    const inbox = await setUpCarrierInbox(world, carrier, { agents: 1 });
    const call = driverFor(world, inbox);
    await call.start();
    await call.ringing([inbox.agents[0]!]);
    await call.callerHangsUp();
    expect((await outcome(call.callId)).status).toBe('abandoned');
    expect(await notificationKinds(call.callId)).toEqual(['abandoned_call']);
  });

  it('after hours with hang-up: the carrier is told to hang up, missed', async () => {
    const inbox = await setUpCarrierInbox(world, carrier, { agents: 1, routing: { businessHours: { weekly: {}, holidays: [] }, afterHours: 'hangup' } });
    const call = driverFor(world, inbox);
    await call.start();
    await call.hungUp();
    expect((await outcome(call.callId)).status).toBe('missed');
    expect(await notificationKinds(call.callId)).toEqual(['missed_call']);
  });
});
