import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { OutboundCallEvent } from '../../domain/calls/outbound-call-events.ts';
import type { CallState } from '../call/state.ts';

export const outboundCallEventSignal = defineSignal<[OutboundCallEvent]>('outboundCallEvent');
/** The same shape as an inbound call's state, so GET /v1/calls/:callId shows either. */
export const outboundCallStateQuery = defineQuery<CallState>('outboundCallState');
