// How the rest of Switchboard starts, signals and queries an outbound call (./outbound-call-workflow.ts).
import type { OutboundCallRequest } from '../../activities/carrier-client.ts';
export { outboundCallEventSignal, outboundCallStateQuery } from './state.ts';

export interface OutboundCallInput extends OutboundCallRequest {
  orgId: string;
  /** The inbox owning `from`: the call is recorded in the contact's conversation there. */
  inboxId: string;
  conversationId: string;
  /** When the agent asked for the call: the call's start in the inbox record. */
  requestedAt: string;
  /** Nobody picked up within this long: the call ends no_answer (the inbox's routing maxWaitSec). */
  noAnswerAfterSec: number;
  /** An outbound call the contact answers marks the conversation read, as an answered call does, unless the inbox is manual-only. */
  manualMarkReadOnly: boolean;
}

/** Outbound call ids are Switchboard's, "obc_…": the voice webhook tells them from carriers' ids. */
export const outboundCallIdKind = 'obc';
export const isOutboundCallId = (callId: string) => callId.startsWith(`${outboundCallIdKind}_`);

export const outboundCallWorkflowId = (callId: string) => `outbound-call-${callId}`;
