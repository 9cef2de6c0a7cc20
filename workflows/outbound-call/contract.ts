// How the rest of Switchboard starts, signals and queries an outbound call (./outbound-call-workflow.ts).
export { outboundCallEventSignal, outboundCallStateQuery } from './state.ts';
export type { OutboundCallInput } from '../../domain/calls/outbound-call.ts';

/** Outbound call ids are Switchboard's, "obc_…": the voice webhook tells them from carriers' ids. */
export const outboundCallIdKind = 'obc';
export const isOutboundCallId = (callId: string) => callId.startsWith(`${outboundCallIdKind}_`);

export const outboundCallWorkflowId = (callId: string) => `outbound-call-${callId}`;
