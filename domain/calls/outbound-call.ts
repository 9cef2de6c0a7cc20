import type { OutboundCallRequest } from '../carriers.ts';

/** What an outbound call (click to call) starts with: the carrier's request and where Switchboard records it. */
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
