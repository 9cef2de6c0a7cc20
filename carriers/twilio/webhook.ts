import type { VoiceEvent } from '../../domain/calls/voice-events.ts';
import type { MessageEvent } from '../../domain/messages/message-events.ts';
import type { FormParams } from './signature.ts';

const text = (params: FormParams, name: string): string | undefined => {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * When the callback happened: Twilio's Timestamp (status callbacks carry one) for a late delivery, else now. The
 * Timestamp has whole seconds only, so within its own second the arrival time is the closer of the two.
 */
function occurredAt(params: FormParams, now: Date): string {
  const stamp = Date.parse(text(params, 'Timestamp') ?? '');
  const late = !Number.isNaN(stamp) && now.getTime() - stamp >= 1000;
  return new Date(late ? stamp : now.getTime()).toISOString();
}

// A dialed leg that ended like this was refused by the agent's phone; no-answer and canceled leave the
// decision to the workflow's ring timer.
const refused = new Set(['busy', 'failed']);
// The caller's call is over.
const ended = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

/** The Voice URL's request: a new call. */
export function incomingCall(params: FormParams, now = new Date()): VoiceEvent {
  return { type: 'call.initiated', callId: text(params, 'CallSid') ?? '', from: text(params, 'From') ?? '', to: text(params, 'To') ?? '', occurredAt: now.toISOString() };
}

/** The <Dial action> request: how the attempt ended for the agents it rang. */
export function dialEnded(callId: string, userIds: string[], params: FormParams, now = new Date()): VoiceEvent[] {
  const at = occurredAt(params, now);
  if (text(params, 'CallStatus') === 'completed') return [{ type: 'call.hangup', callId, party: 'caller', occurredAt: at }];
  const status = text(params, 'DialCallStatus') ?? '';
  if (status === 'completed') {
    // Talked and the agent hung up. With one agent rung, who answered is certain even if its leg's callback is late.
    const talkedSec = Number(text(params, 'DialCallDuration') ?? 0) || 0;
    const answered: VoiceEvent[] = userIds.length === 1
      ? [{ type: 'call.answered', callId, userId: userIds[0]!, occurredAt: new Date(Date.parse(at) - talkedSec * 1000).toISOString() }] : [];
    return [...answered, { type: 'call.hangup', callId, party: 'agent', occurredAt: at }];
  }
  if (refused.has(status)) return userIds.map((userId) => ({ type: 'call.declined', callId, userId, occurredAt: at }));
  return [];
}

/** A status callback from one agent's leg of a <Dial>. */
export function legStatus(callId: string, userId: string, params: FormParams, now = new Date()): VoiceEvent | undefined {
  const status = text(params, 'CallStatus') ?? '';
  const at = occurredAt(params, now);
  if (status === 'in-progress' || text(params, 'StatusCallbackEvent') === 'answered') return { type: 'call.answered', callId, userId, occurredAt: at };
  if (refused.has(status)) return { type: 'call.declined', callId, userId, occurredAt: at };
  return undefined;
}

/** The number's call status callback: only the end of the caller's call matters. */
export function callStatus(params: FormParams, now = new Date()): VoiceEvent | undefined {
  if (!ended.has(text(params, 'CallStatus') ?? '')) return undefined;
  return { type: 'call.hangup', callId: text(params, 'CallSid') ?? '', party: 'caller', occurredAt: occurredAt(params, now) };
}

/** The <Record action> request: the voicemail, if one was recorded. */
export function recordingDone(callId: string, params: FormParams, now = new Date()): VoiceEvent | undefined {
  const recordingUrl = text(params, 'RecordingUrl');
  if (!recordingUrl) return undefined;
  return { type: 'call.voicemail', callId, recordingUrl, durationSec: Number(text(params, 'RecordingDuration') ?? 0) || 0, occurredAt: now.toISOString() };
}

/** The Messaging URL's request: an inbound SMS. */
export function incomingMessage(params: FormParams, now = new Date()): MessageEvent {
  return {
    type: 'message.received', messageId: text(params, 'MessageSid') ?? text(params, 'SmsSid') ?? '', from: text(params, 'From') ?? '', to: text(params, 'To') ?? '',
    body: text(params, 'Body') ?? '', occurredAt: now.toISOString(),
  };
}

const deliveryStatuses: Record<string, 'sent' | 'delivered' | 'failed'> = { sent: 'sent', delivered: 'delivered', failed: 'failed', undelivered: 'failed' };

/** The status callback of an SMS Switchboard sent. */
export function messageStatus(params: FormParams, now = new Date()): MessageEvent | undefined {
  const status = deliveryStatuses[text(params, 'MessageStatus') ?? ''];
  const messageId = text(params, 'MessageSid');
  return status && messageId ? { type: 'message.status', messageId, status, occurredAt: now.toISOString() } : undefined;
}
