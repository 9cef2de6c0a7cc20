// How the rest of Switchboard starts the message workflows (./message-workflow.ts, ./reply-workflow.ts).
import type { InboundMessage } from '../../domain/messages/message-events.ts';

/** The message workflow's input: the carrier's message.received event. */
export type MessageInput = InboundMessage;

export interface MessageOutcome {
  routed: boolean;
  inboxId?: string;
  conversationId?: string;
  autoReplied: boolean;
}

/** Derived from the carrier's id, so a carrier retry finds the message it already delivered. */
export const messageWorkflowId = (carrierMessageId: string) => `message-${carrierMessageId}`;

export interface ReplyInput {
  orgId: string;
  inboxId: string;
  conversationId: string;
  from: string;
  to: string;
  body: string;
  agentUserId: string | null;
  manualMarkReadOnly: boolean;
  /** The carrier's Idempotency-Key: a retried reply never sends twice. */
  idempotencyKey: string;
  /** A new outbound text's record takes the id its sender was given (its messageId); a reply's gets a fresh one. */
  communicationId?: string;
}

export interface ReplyOutcome {
  messageId: string;
  communicationId: string;
}

/** One per conversation and Idempotency-Key, so a retried request finds the first attempt. */
export const replyWorkflowId = (conversationId: string, idempotencyKey: string) => `reply-${conversationId}-${idempotencyKey}`;

/** A new outbound text (POST /v1/messages) takes the reply's path, keyed by the message id its sender was given. */
export const outboundMessageWorkflowId = (messageId: string) => `outbound-message-${messageId}`;
