import { carrierCommands, databaseSteps } from './activities.ts';

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
}

/** An agent's SMS reply: sent through the carrier (retried while it is down), then recorded. */
export async function replyWorkflow(input: ReplyInput): Promise<{ messageId: string; communicationId: string }> {
  const { messageId } = await carrierCommands.sendSms({ from: input.from, to: input.to, body: input.body, idempotencyKey: input.idempotencyKey });
  const { communicationId } = await databaseSteps.recordOutboundMessage({
    orgId: input.orgId, inboxId: input.inboxId, conversationId: input.conversationId, messageId, from: input.from, to: input.to, body: input.body,
    agentUserId: input.agentUserId, ...(input.manualMarkReadOnly || !input.agentUserId ? {} : { markReadBy: input.agentUserId }),
  });
  return { messageId, communicationId };
}
