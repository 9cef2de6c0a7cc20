import { z } from 'zod';
import { e164Schema as e164 } from '../phone-numbers.ts';

export const callId = z.string().min(1).max(128).regex(/^[\w.:-]+$/, 'may hold letters, digits and . _ : - only');
export const occurredAt = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 timestamp' });
const userId = z.string().min(1).max(64);

// The events of inbound calls; outbound calls' differ a little (./outbound-call-events.ts).
export const callInitiated = z.object({ type: z.literal('call.initiated'), callId, from: e164, to: e164, occurredAt });
export const callDeclined = z.object({ type: z.literal('call.declined'), callId, userId, occurredAt });
export const callVoicemail = z.object({
  type: z.literal('call.voicemail'), callId, recordingUrl: z.url(), durationSec: z.number().int().min(0).max(86_400),
  transcription: z.string().max(20_000).optional(), occurredAt,
});

export const voiceEventSchema = z
  .discriminatedUnion('type', [
    callInitiated,
    z.object({ type: z.literal('call.answered'), callId, userId, occurredAt }),
    callDeclined,
    z.object({ type: z.literal('call.hangup'), callId, party: z.enum(['caller', 'agent']), occurredAt }),
    callVoicemail,
  ], { error: 'type must be one of call.initiated, call.answered, call.declined, call.hangup, call.voicemail' });

export type VoiceEvent = z.output<typeof voiceEventSchema>;

// dialing and no_answer belong to outbound calls (click to call).
export const callStatuses = [
  'routing', 'ringing', 'dialing', 'connected', 'voicemail', 'completed', 'missed', 'abandoned', 'voicemail_left', 'no_answer', 'failed',
] as const;
export type CallStatus = (typeof callStatuses)[number];
export const finalCallStatuses: readonly CallStatus[] = ['completed', 'missed', 'abandoned', 'voicemail_left', 'no_answer', 'failed'];
