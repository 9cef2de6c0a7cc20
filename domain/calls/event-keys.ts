import type { OutboundCallEvent } from './outbound-call-events.ts';
import type { VoiceEvent } from './voice-events.ts';

// Apart from the schemas (zod) on purpose: workflows call these, and each workflow sandbox evaluates what
// workflow code imports by value. Type-only imports cost nothing there.

/** Two deliveries of one carrier event have the same key; distinct events differ. */
export function voiceEventKey(event: VoiceEvent): string {
  const who = 'userId' in event ? event.userId : 'party' in event ? event.party : '';
  return `${event.type}|${who}|${Date.parse(event.occurredAt)}`;
}

/** The same for an outbound call's events. */
export const outboundCallEventKey = (event: OutboundCallEvent) => `${event.type}|${event.party}|${Date.parse(event.occurredAt)}`;
