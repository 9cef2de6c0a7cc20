import { z } from 'zod';
import { callDeclined, callId, callInitiated, callVoicemail, occurredAt } from './voice-events.ts';

/** What the carrier posts for an outbound call (click to call): the contact picked up, or someone hung up. */
export const outboundCallEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call.answered'), callId, party: z.literal('contact', { error: 'must be "contact" on an outbound call' }), occurredAt }),
  z.object({ type: z.literal('call.hangup'), callId, party: z.enum(['agent', 'contact'], { error: 'must be agent or contact on an outbound call' }), occurredAt }),
], { error: 'type must be call.answered or call.hangup on an outbound call' });

export type OutboundCallEvent = z.output<typeof outboundCallEventSchema>;

/**
 * Every voice webhook body, inbound and outbound calls' alike: the route checks and documents this shape, and
 * the call it belongs to narrows it. An outbound call's answer names the party instead of a user, and its
 * hang-up may come from the contact.
 */
export const carrierVoiceEventSchema = z
  .discriminatedUnion('type', [
    callInitiated,
    z.object({
      type: z.literal('call.answered'), callId, occurredAt,
      userId: z.string().min(1).max(64).optional().meta({ description: 'Inbound calls: the user who answered (required)' }),
      party: z.literal('contact').optional().meta({ description: 'Outbound calls: "contact", the called party picked up' }),
    }),
    callDeclined,
    z.object({ type: z.literal('call.hangup'), callId, party: z.enum(['caller', 'agent', 'contact'], { error: 'must be one of caller, agent, contact' }), occurredAt }),
    callVoicemail,
  ], { error: 'type must be one of call.initiated, call.answered, call.declined, call.hangup, call.voicemail' })
  .meta({ id: 'VoiceEvent' });
