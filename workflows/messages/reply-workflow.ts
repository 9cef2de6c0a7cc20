import { carrierCommands, databaseSteps } from './activities.ts';
import type { ReplyInput, ReplyOutcome } from './contract.ts';

/** An agent's SMS reply or new outbound text: sent through the carrier (retried while it is down), then recorded. */
export async function replyWorkflow(input: ReplyInput): Promise<ReplyOutcome> {
  const { messageId } = await carrierCommands.sendSms({ from: input.from, to: input.to, body: input.body, idempotencyKey: input.idempotencyKey });
  const { communicationId } = await databaseSteps.recordOutboundMessage({
    orgId: input.orgId, inboxId: input.inboxId, conversationId: input.conversationId, messageId, from: input.from, to: input.to, body: input.body,
    agentUserId: input.agentUserId, ...(input.communicationId ? { communicationId: input.communicationId } : {}),
    ...(input.manualMarkReadOnly || !input.agentUserId ? {} : { markReadBy: input.agentUserId }),
  });
  return { messageId, communicationId };
}
