import { expect } from 'vitest';
import { callWorkflowId } from '../../workflows/call/contract.ts';
import { messageWorkflowId } from '../../workflows/messages/contract.ts';
import { newCallId, type CallWorld } from '../helpers/call-fixture.ts';

// What happens to an inbox during an agent's day, driven through the carrier simulator to its end.

let sequence = 0;

/** A text from `from` to the inbox number `to`, stored once its workflow is done. */
export async function textArrives(world: CallWorld, to: string, from: string, body: string, occurredAt = new Date().toISOString()) {
  const messageId = `SMday${Date.now()}${sequence++}`;
  expect((await world.carrier.sendMessaging({ type: 'message.received', messageId, from, to, body, occurredAt })).status).toBe(202);
  await world.stack.client.workflow.getHandle(messageWorkflowId(messageId)).result();
  return messageId;
}

/** A call that this agent answers a second after it starts, and that lasts `talkSec`. */
export async function answeredCall(world: CallWorld, to: string, from: string, agentId: string, talkSec: number) {
  const callId = newCallId();
  const startedAt = Date.now();
  const at = (sec: number) => new Date(startedAt + sec * 1000).toISOString();
  await world.carrier.sendVoice({ type: 'call.initiated', callId, from, to, occurredAt: at(0) });
  await world.carrier.nextCommand(callId, 'ring');
  await world.carrier.sendVoice({ type: 'call.answered', callId, userId: agentId, occurredAt: at(1) });
  await world.carrier.sendVoice({ type: 'call.hangup', callId, party: 'caller', occurredAt: at(1 + talkSec) });
  await world.stack.client.workflow.getHandle(callWorkflowId(callId)).result();
  return callId;
}

/** A call to an inbox nobody can answer, that ends with a voicemail. */
export async function voicemailLeft(world: CallWorld, to: string, from: string, voicemail: { recordingUrl: string; durationSec: number; transcription: string }) {
  const callId = newCallId();
  await world.carrier.sendVoice({ type: 'call.initiated', callId, from, to });
  await world.carrier.nextCommand(callId, 'voicemail');
  await world.carrier.sendVoice({ type: 'call.voicemail', callId, ...voicemail });
  await world.stack.client.workflow.getHandle(callWorkflowId(callId)).result();
  return callId;
}

/** A key acting for this user. */
export async function keyFor(world: CallWorld, adminKey: string, userId: string, role: 'agent' | 'supervisor' | 'admin' = 'agent'): Promise<string> {
  const response = await world.stack.call('POST', '/v1/api-keys', { key: adminKey, body: { role, userId } });
  expect(response.status).toBe(201);
  return response.body.key;
}
