import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CallStatus, VoiceEvent } from '../../domain/calls/voice-events.ts';

export interface TimelineEntry {
  at: string;
  type: string;
  detail?: Record<string, unknown>;
}

/** What GET /v1/calls/:callId shows while the call runs. */
export interface CallState {
  callId: string;
  orgId: string | null;
  inboxId: string | null;
  from: string | null;
  to: string | null;
  status: CallStatus;
  ringing: string[];
  answeredBy: string | null;
  attempts: number;
  startedAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  events: TimelineEntry[];
}

export const voiceEventSignal = defineSignal<[VoiceEvent]>('voiceEvent');
export const callStateQuery = defineQuery<CallState>('callState');

export function initialCallState(callId: string): CallState {
  return {
    callId, orgId: null, inboxId: null, from: null, to: null, status: 'routing', ringing: [], answeredBy: null, attempts: 0,
    startedAt: null, answeredAt: null, endedAt: null, events: [],
  };
}
