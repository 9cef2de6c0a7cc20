import { upsertSearchAttributes } from '@temporalio/workflow';
import { isOpenAt } from '../../domain/policies/open-hours.ts';
import { inboxIdAttribute, orgIdAttribute } from '../search-attributes.ts';
import { carrierCommands, databaseSteps } from './activities.ts';
import type { MessageInput, MessageOutcome } from './contract.ts';

/** One inbound SMS: store it unread in its conversation, ask for the watcher notification, and reply after hours. */
export async function messageWorkflow(event: MessageInput): Promise<MessageOutcome> {
  const stored = await databaseSteps.storeInboundMessage(event);
  if (!stored) return { routed: false, autoReplied: false };
  upsertSearchAttributes({ [orgIdAttribute.name]: [stored.orgId], [inboxIdAttribute.name]: [stored.inboxId] });
  await databaseSteps.requestNotification({
    orgId: stored.orgId, inboxId: stored.inboxId, subjectId: event.messageId, kind: 'inbound_message',
    payload: { from: event.from, to: event.to, body: event.body, occurredAt: event.occurredAt, conversationId: stored.conversationId },
  });
  let autoReplied = false;
  const closed = !isOpenAt(stored.businessHours, stored.timezone, new Date(event.occurredAt));
  if (closed && stored.autoReply && stored.primaryNumber) {
    if (await databaseSteps.claimAutoReply({ conversationId: stored.conversationId, timezone: stored.timezone, at: event.occurredAt })) {
      const sms = { from: stored.primaryNumber, to: event.from, body: stored.autoReply.body };
      const { messageId } = await carrierCommands.sendSms({ ...sms, idempotencyKey: `auto-reply:${event.messageId}` });
      await databaseSteps.recordOutboundMessage({ ...sms, orgId: stored.orgId, inboxId: stored.inboxId, conversationId: stored.conversationId, messageId, agentUserId: null });
      autoReplied = true;
    }
  }
  return { routed: true, inboxId: stored.inboxId, conversationId: stored.conversationId, autoReplied };
}
