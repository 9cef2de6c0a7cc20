import { inArray } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { notificationRequests } from '../../db/schema/index.ts';
import { callWorkflowId, type CallState } from '../../workflows/call/contract.ts';
import { driverFor } from './call-drivers.ts';
import { carriers, setUpCarrierInbox, startCarrierWorld, type Carrier, type CarrierWorld } from './carrier-world.ts';
import { receiveSms, sentSms } from './sms-drivers.ts';

let world: CarrierWorld;
beforeAll(async () => (world = await startCarrierWorld()));
afterAll(async () => {
  expect([...(world?.telnyx.violations ?? []), ...(world?.twilio.violations ?? [])]).toEqual([]);
  await world?.stop();
});

/** One afternoon of an inbox: an answered call, an abandoned one, a voicemail, a text and the agent's reply. */
async function afternoon(carrier: Carrier) {
  const inbox = await setUpCarrierInbox(world, carrier, { agents: 2, routing: { ringTimeoutSec: 2, maxWaitSec: 3 } });
  const finish = (callId: string) => world.stack.client.workflow.getHandle(callWorkflowId(callId)).result() as Promise<CallState>;

  const answered = driverFor(world, inbox);
  await answered.start();
  await answered.ringing(inbox.agents);
  await answered.answer(inbox.agents[0]!);
  await answered.agentHangsUp();
  // Each call ends before the next comes in: the agents are free again, and read state settles in the same order.
  const calls = [await finish(answered.callId)];
  const abandoned = driverFor(world, inbox);
  await abandoned.start();
  await abandoned.ringing(inbox.agents);
  await abandoned.callerHangsUp();
  calls.push(await finish(abandoned.callId));
  const voicemail = driverFor(world, inbox);
  await voicemail.start();
  await voicemail.voicemailOffered();
  await voicemail.leaveVoicemail(12);
  calls.push(await finish(voicemail.callId));

  const messageId = await receiveSms(world, inbox, '+14155550188', 'Are you open tomorrow?');
  const agentKey = (await inbox.as('POST', '/v1/api-keys', { role: 'agent', userId: inbox.agents[1] })).key;
  const thread = (await world.stack.call('GET', `/v1/inboxes/${inbox.inboxId}/feed?view=threaded`, { key: agentKey })).body.items
    .find((i: { contact: { phone: string } }) => i.contact.phone === '+14155550188');
  const reply = await world.stack.call('POST', `/v1/conversations/${thread.conversationId}/messages`, { key: agentKey, body: { body: 'Yes, 9 to 5.' } });
  expect(reply.status).toBe(201);
  return { inbox, calls, subjects: [...calls.map((c) => c.callId), messageId] };
}

/** What a user sees, with ids, times and the carrier's own names taken out. */
async function asSeen(run: Awaited<ReturnType<typeof afternoon>>) {
  const { inbox, calls, subjects } = run;
  const alias = (value: unknown) => {
    let text = JSON.stringify(value);
    inbox.agents.forEach((id, i) => (text = text.replaceAll(id, `agent${i}`)));
    return JSON.parse(text.replaceAll(inbox.number, 'NUMBER').replaceAll(inbox.inboxId, 'INBOX')) as unknown;
  };
  const get = (path: string) => inbox.as('GET', path);
  const unthreaded = (await get(`/v1/inboxes/${inbox.inboxId}/feed?view=unthreaded`)).items as Record<string, unknown>[];
  const threaded = (await get(`/v1/inboxes/${inbox.inboxId}/feed?view=threaded`)).items as Record<string, unknown>[];
  const notifications = await world.stack.database.db.select().from(notificationRequests).where(inArray(notificationRequests.subjectId, subjects));
  const date = DateTime.utc().toISODate();
  const { figures } = await get(`/v1/inboxes/${inbox.inboxId}/reports/daily?date=${date}`);
  return alias({
    outcomes: calls.map((c) => ({ status: c.status, answeredBy: c.answeredBy, answered: !!c.answeredAt, ended: !!c.endedAt })),
    feed: unthreaded.map((i) => ({ kind: i.kind, direction: i.direction, status: i.status, read: i.read, phone: (i.contact as { phone: string }).phone })),
    threads: threaded.map((t) => ({ phone: (t.contact as { phone: string }).phone, unreadCount: t.unreadCount, activeCall: t.activeCall })),
    unread: (await get(`/v1/inboxes/${inbox.inboxId}/unread-count`)).unread,
    notifications: notifications.map((n) => n.kind).sort(),
    sent: sentSms(world, inbox).map((s) => ({ ...s, from: 'NUMBER' })),
    report: {
      calls: { ...figures.calls, timeToAnswer: figures.calls.timeToAnswer.medianSec !== null, talkTime: figures.calls.talkTime.totalSec > 0 },
      messages: { inbound: figures.messages.inbound, outbound: figures.messages.outbound, replied: figures.messages.firstResponse.replied },
      unreadAtEndOfDay: figures.unreadAtEndOfDay,
      agents: figures.agents.map((a: Record<string, unknown>) => ({ userId: a.userId, callsAnswered: a.callsAnswered, talked: (a.talkTimeSec as number) > 0, messagesSent: a.messagesSent })),
    },
  });
}

it('outcomes, feed, read state, notifications and report figures are the same whichever carrier brought the calls and texts', async () => {
  const seen: Record<string, unknown> = {};
  for (const carrier of carriers) seen[carrier] = await asSeen(await afternoon(carrier));
  // The native run is the reference; it is itself what the calls and messages suites assert in detail.
  expect(seen.native).toMatchObject({
    outcomes: [{ status: 'completed', answeredBy: 'agent0' }, { status: 'abandoned' }, { status: 'voicemail_left' }],
    notifications: ['abandoned_call', 'inbound_message', 'voicemail'],
  });
  expect(seen.twilio).toEqual(seen.native);
  expect(seen.telnyx).toEqual(seen.native);
}, 120_000);
