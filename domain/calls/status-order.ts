import type { CallStatus } from './voice-events.ts';

// A call only moves forward: routing, then ringing (an outbound call: dialing), then connected or voicemail, then its outcome.
const stage: Record<CallStatus, number> = {
  routing: 0, ringing: 1, dialing: 1, connected: 2, voicemail: 2, completed: 3, missed: 3, abandoned: 3, voicemail_left: 3, failed: 3, no_answer: 3,
};

/**
 * The statuses a call record may have for a write of `next` to apply: any earlier stage, or `next` itself
 * (a retried write). A late write from an abandoned attempt never moves a call backwards or sideways.
 */
export function statusesBefore(next: CallStatus): CallStatus[] {
  return (Object.keys(stage) as CallStatus[]).filter((status) => status === next || stage[status] < stage[next]);
}
