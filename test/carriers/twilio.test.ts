import { WorkflowNotFoundError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carrierCalls } from '../../db/schema/index.ts';
import { callWorkflowId, type CallState } from '../../workflows/call/contract.ts';
import { CALLER } from './call-drivers.ts';
import { PUBLIC_BASE_URL, reachable, setUpCarrierInbox, startCarrierWorld, type CarrierInbox, type CarrierWorld } from './carrier-world.ts';
import { twilioSid } from './fakes/twilio-fake.ts';
import { readTwiml } from './fakes/twiml-reader.ts';
import { receiveSms, sentSms } from './sms-drivers.ts';

let world: CarrierWorld;
beforeAll(async () => (world = await startCarrierWorld()));
afterAll(async () => {
  expect(world?.twilio.violations ?? []).toEqual([]);
  await world?.stop();
});

const VOICE_URL = `${PUBLIC_BASE_URL}/v1/carriers/twilio/voice`;
const outcome = (callId: string) => world.stack.client.workflow.getHandle(callWorkflowId(callId)).result() as Promise<CallState>;
/** Posts as Twilio does: to the public URL (forwarded to the test's server), signed for it. */
const post = (publicUrl: string, params: Record<string, string>, options: Parameters<CarrierWorld['twilio']['post']>[2] = {}) =>
  world.twilio.post(reachable(world, publicUrl), params, { signedUrl: publicUrl, ...options });
const callback = (callId: string, path: string, query: Record<string, string> = {}) =>
  `${PUBLIC_BASE_URL}/v1/carriers/twilio/${path}?${new URLSearchParams({ call: callId, ...query })}`;
const incoming = (inbox: CarrierInbox, callId: string) => ({ CallSid: callId, From: CALLER, To: inbox.number, CallStatus: 'ringing', Direction: 'inbound' });

describe('Twilio Programmable Voice', () => {
  it('answers TwiML exactly as the twilio library builds it: one <Dial> ringing every agent, then voicemail, with per-leg callbacks', async () => {
    const inbox = await setUpCarrierInbox(world, 'twilio', { agents: 1, routing: { ringTimeoutSec: 2, maxWaitSec: 2 } });
    await inbox.as('PATCH', `/v1/users/${inbox.agents[0]}`, { phone: null, sipUri: 'client:alice' });
    const sip = await inbox.as('POST', '/v1/users', { name: 'Desk', email: 'desk@x.test', role: 'agent', presence: 'available', sipUri: 'sip:desk@pbx.example.com' });
    await inbox.as('PUT', `/v1/inboxes/${inbox.inboxId}/members/${sip.id}`, { role: 'connected', position: 1 });
    const callId = twilioSid('CA');

    const ring = await post(VOICE_URL, incoming(inbox, callId));
    const expected = new twilio.twiml.VoiceResponse();
    const dial = expected.dial({ timeout: 2, answerOnBridge: true, action: callback(callId, 'dial', { seq: '1', users: `${inbox.agents[0]},${sip.id}` }), method: 'POST' });
    const leg = (userId: string) => ({ statusCallbackEvent: ['answered' as const, 'completed' as const], statusCallback: callback(callId, 'leg', { user: userId }), statusCallbackMethod: 'POST' as const });
    dial.client(leg(inbox.agents[0]!), 'alice');
    dial.sip(leg(sip.id), 'sip:desk@pbx.example.com');
    expect(ring).toMatchObject({ status: 200, type: expect.stringContaining('text/xml'), text: expected.toString() });

    const voicemail = await post(callback(callId, 'dial', { seq: '1', users: `${inbox.agents[0]},${sip.id}` }), { ...incoming(inbox, callId), CallStatus: 'in-progress', DialCallStatus: 'no-answer' });
    const offer = new twilio.twiml.VoiceResponse();
    offer.say("Sorry, we can't take your call. Please leave a message.");
    offer.record({ maxLength: 120, playBeep: true, action: callback(callId, 'recording'), method: 'POST', transcribe: true, transcribeCallback: callback(callId, 'transcription') });
    expect(voicemail.text).toBe(offer.toString());

    const done = await post(callback(callId, 'recording'), { ...incoming(inbox, callId), CallStatus: 'in-progress', RecordingUrl: 'https://api.twilio.com/rec/RE1', RecordingDuration: '9', RecordingSid: twilioSid('RE') });
    const hangup = new twilio.twiml.VoiceResponse();
    hangup.hangup();
    expect(done.text).toBe(hangup.toString());
    expect((await outcome(callId)).status).toBe('voicemail_left');

    // Twilio's transcription arrives later and joins the voicemail.
    expect((await post(callback(callId, 'transcription'), { CallSid: callId, TranscriptionStatus: 'completed', TranscriptionText: 'Please call me back', RecordingUrl: 'https://api.twilio.com/rec/RE1' })).status).toBe(204);
    const thread = (await inbox.as('GET', `/v1/inboxes/${inbox.inboxId}/feed?view=threaded`)).items[0];
    const items = (await inbox.as('GET', `/v1/conversations/${thread.conversationId}/items`)).items;
    expect(items.find((i: { kind: string }) => i.kind === 'voicemail')).toMatchObject({ durationSec: 9, recordingUrl: 'https://api.twilio.com/rec/RE1', transcription: 'Please call me back' });
  });

  it('a wrong auth token, a signature for another URL, or none is refused with 403 and starts nothing', async () => {
    const inbox = await setUpCarrierInbox(world, 'twilio', { agents: 1 });
    const attempts = [
      { callId: twilioSid('CA'), options: { authToken: 'not-the-token' } },
      { callId: twilioSid('CA'), options: { signedUrl: `${PUBLIC_BASE_URL}/v1/carriers/twilio/status` } },
      { callId: twilioSid('CA'), options: { signedUrl: `https://elsewhere.example.test/v1/carriers/twilio/voice` } },
      { callId: twilioSid('CA'), options: { unsigned: true } },
    ];
    for (const { callId, options } of attempts) {
      const response = await post(VOICE_URL, incoming(inbox, callId), options);
      expect(response.status, JSON.stringify(options)).toBe(403);
      expect(response.type).toContain('application/problem+json');
      expect(JSON.parse(response.text)).toMatchObject({ status: 403, title: 'Forbidden' });
      await expect(world.stack.client.workflow.getHandle(callWorkflowId(callId)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
      expect(await world.stack.database.db.select().from(carrierCalls).where(eq(carrierCalls.callId, callId))).toEqual([]);
    }
  });

  it('a redelivered Voice URL request (Twilio retrying) gets the same TwiML from the same single call', async () => {
    const inbox = await setUpCarrierInbox(world, 'twilio', { agents: 2 });
    const callId = twilioSid('CA');
    const first = await post(VOICE_URL, incoming(inbox, callId));
    const again = await post(VOICE_URL, incoming(inbox, callId));
    expect(again.text).toBe(first.text);
    await post(`${PUBLIC_BASE_URL}/v1/carriers/twilio/status`, { ...incoming(inbox, callId), CallStatus: 'completed' });
    const final = await outcome(callId);
    expect(final).toMatchObject({ status: 'abandoned', attempts: 1 });
    expect(final.events.filter((e) => e.type === 'call.initiated')).toHaveLength(1);
  });

  it('an agent Twilio cannot reach (no phone, SIP URI or client identity) is skipped, and the timeline says why', async () => {
    const inbox = await setUpCarrierInbox(world, 'twilio', { agents: 1, agentsWithoutPhone: 1 });
    const callId = twilioSid('CA');
    const ring = readTwiml((await post(VOICE_URL, incoming(inbox, callId))).text);
    expect(ring.children[0]!.children.map((n) => [n.name, n.text])).toEqual([['Number', expect.stringMatching(/^\+1/)]]);
    await post(`${PUBLIC_BASE_URL}/v1/carriers/twilio/status`, { ...incoming(inbox, callId), CallStatus: 'completed' });
    expect((await outcome(callId)).events).toContainEqual(expect.objectContaining({
      type: 'agent.skipped', detail: { userId: inbox.agents[1], reason: 'no phone, SIP URI or Twilio Client identity' },
    }));
  });
});

describe('Twilio Programmable Messaging', () => {
  it("an inbound SMS lands unread; the agent's reply goes out through the Messages API, retried through an outage", async () => {
    const inbox = await setUpCarrierInbox(world, 'twilio', { agents: 1 });
    await receiveSms(world, inbox, '+14155550177', 'Do you deliver?');
    expect((await inbox.as('GET', `/v1/inboxes/${inbox.inboxId}/unread-count`)).unread).toBe(1);
    const agentKey = (await inbox.as('POST', '/v1/api-keys', { role: 'agent', userId: inbox.agents[0] })).key;
    const thread = (await inbox.as('GET', `/v1/inboxes/${inbox.inboxId}/feed?view=threaded`)).items[0];
    world.twilio.failFor(1000);
    const reply = await world.stack.call('POST', `/v1/conversations/${thread.conversationId}/messages`, { key: agentKey, body: { body: 'Yes, within 5 miles.' } });
    expect(reply.status).toBeLessThan(300);
    const { messageId: sid } = (await world.stack.client.workflow.getHandle(reply.body.workflowId).result()) as { messageId: string };
    expect(sentSms(world, inbox)).toEqual([{ from: inbox.number, to: '+14155550177', body: 'Yes, within 5 miles.' }]);
    const attempts = world.twilio.requests.filter((r) => r.params.From === inbox.number);
    expect(attempts.some((r) => r.status === 503)).toBe(true);
    expect(attempts.at(-1)!.params.StatusCallback).toBe(`${PUBLIC_BASE_URL}/v1/carriers/twilio/message-status`);
    expect((await inbox.as('GET', `/v1/inboxes/${inbox.inboxId}/unread-count`)).unread).toBe(0);
    // Twilio reports delivery to the status callback Switchboard gave it.
    const status = await post(`${PUBLIC_BASE_URL}/v1/carriers/twilio/message-status`, { MessageSid: sid, MessageStatus: 'delivered', From: inbox.number, To: '+14155550177' });
    expect(status.status).toBe(204);
  });
});
