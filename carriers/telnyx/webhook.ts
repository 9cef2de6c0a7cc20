import { z } from 'zod';
import type { VoiceEvent } from '../../domain/calls/voice-events.ts';
import type { InboundMessage } from '../../domain/messages/message-events.ts';

/** What Switchboard marks on each leg it dials to an agent, so that leg's events name the call and the agent. */
export interface LegState {
  callId: string;
  userId: string;
}

export const encodeLegState = (state: LegState) => Buffer.from(JSON.stringify(state)).toString('base64');

function decodeLegState(clientState: string | null | undefined): LegState | undefined {
  if (!clientState) return undefined;
  try {
    const state = JSON.parse(Buffer.from(clientState, 'base64').toString()) as Partial<LegState>;
    return typeof state.callId === 'string' && typeof state.userId === 'string' ? { callId: state.callId, userId: state.userId } : undefined;
  } catch {
    return undefined;
  }
}

const payload = z.looseObject({
  call_control_id: z.string().optional(),
  call_session_id: z.string().optional(),
  connection_id: z.string().optional(),
  client_state: z.string().nullish(),
  from: z.unknown().optional(),
  to: z.unknown().optional(),
  direction: z.string().optional(),
  hangup_cause: z.string().optional(),
  recording_started_at: z.string().optional(),
  recording_ended_at: z.string().optional(),
  recording_urls: z.looseObject({ mp3: z.string().nullish(), wav: z.string().nullish() }).optional(),
  id: z.string().optional(),
  text: z.string().optional(),
});

export const telnyxWebhookSchema = z.looseObject({
  // occurred_at becomes our events' time: a value that is no date is refused here (400), never a 500 later.
  data: z.looseObject({ event_type: z.string(), id: z.string().optional(), occurred_at: z.string().refine((at) => !Number.isNaN(Date.parse(at)), 'must be a date and time'), payload }),
});
export type TelnyxWebhook = z.output<typeof telnyxWebhookSchema>;

/** A Telnyx webhook in our terms: a voice or message event (or nothing to act on) and the numbers that name its owner. */
export type TelnyxInbound =
  | { kind: 'voice'; event: VoiceEvent; numbers: string[]; callerLeg?: { controlId: string; connectionId?: string } }
  | { kind: 'message'; event: InboundMessage; numbers: string[] }
  | { kind: 'ignored'; numbers: string[] };

const phoneOf = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : value && typeof value === 'object' && 'phone_number' in value ? String((value as { phone_number: unknown }).phone_number) : undefined;

// How an agent's leg ended before anyone spoke: these are the agent refusing it; the others (timeout, our own
// cancel) leave the decision to the workflow's ring timer.
const declinedCauses = new Set(['call_rejected', 'user_busy']);

/** Turns a verified Telnyx Call Control or Messaging webhook into our events. */
export function fromTelnyx(webhook: TelnyxWebhook): TelnyxInbound {
  const { event_type: type, occurred_at: at, payload: p } = webhook.data;
  const occurredAt = new Date(at).toISOString();
  if (type === 'message.received') {
    const to = Array.isArray(p.to) ? phoneOf(p.to[0]) : phoneOf(p.to);
    const from = phoneOf(p.from);
    if (!to || !from || !p.id) return { kind: 'ignored', numbers: [] };
    return { kind: 'message', numbers: [to], event: { type: 'message.received', messageId: p.id, from, to, body: p.text ?? '', occurredAt } };
  }
  const from = phoneOf(p.from);
  const to = phoneOf(p.to);
  const numbers = [to, from].filter((n): n is string => !!n);
  const leg = decodeLegState(p.client_state);
  if (leg) {
    // A leg Switchboard dialed to an agent.
    const { callId, userId } = leg;
    if (type === 'call.answered') return { kind: 'voice', numbers, event: { type: 'call.answered', callId, userId, occurredAt } };
    if (type === 'call.hangup') {
      if (declinedCauses.has(p.hangup_cause ?? '')) return { kind: 'voice', numbers, event: { type: 'call.declined', callId, userId, occurredAt } };
      if (p.hangup_cause === 'normal_clearing') return { kind: 'voice', numbers, event: { type: 'call.hangup', callId, party: 'agent', occurredAt } };
    }
    return { kind: 'ignored', numbers };
  }
  const callId = p.call_session_id;
  if (!callId) return { kind: 'ignored', numbers };
  if (type === 'call.initiated' && p.direction === 'incoming' && from && to && p.call_control_id) {
    return {
      kind: 'voice', numbers, callerLeg: { controlId: p.call_control_id, ...(p.connection_id ? { connectionId: p.connection_id } : {}) },
      event: { type: 'call.initiated', callId, from, to, occurredAt },
    };
  }
  if (type === 'call.hangup') return { kind: 'voice', numbers, event: { type: 'call.hangup', callId, party: 'caller', occurredAt } };
  if (type === 'call.recording.saved') {
    const recordingUrl = p.recording_urls?.mp3 ?? p.recording_urls?.wav;
    if (!recordingUrl) return { kind: 'ignored', numbers };
    const durationSec = p.recording_started_at && p.recording_ended_at
      ? Math.max(0, Math.round((Date.parse(p.recording_ended_at) - Date.parse(p.recording_started_at)) / 1000)) : 0;
    return { kind: 'voice', numbers, event: { type: 'call.voicemail', callId, recordingUrl, durationSec, occurredAt } };
  }
  return { kind: 'ignored', numbers };
}
