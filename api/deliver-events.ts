import { sql } from 'drizzle-orm';
import { messageStatuses } from '../db/schema/index.ts';
import type { VoiceEvent } from '../domain/calls/voice-events.ts';
import type { MessageEvent } from '../domain/messages/message-events.ts';
import { callWorkflow } from '../workflows/call/call-workflow.ts';
import { callWorkflowId, voiceEventSignal } from '../workflows/call/contract.ts';
import { signalWithStartOnce, startOnce } from '../workflows/client/start-workflow.ts';
import { messageWorkflowId } from '../workflows/messages/contract.ts';
import { messageWorkflow } from '../workflows/messages/message-workflow.ts';
import type { ApiDeps } from './deps.ts';

// Every carrier's events, once in our terms, reach the workflows the same way our own webhooks' do.

/** Hands a voice event to its call's workflow, starting it if this event comes first; answers the workflow id. */
export async function deliverVoiceEvent(deps: ApiDeps, event: VoiceEvent): Promise<string> {
  const workflowId = callWorkflowId(event.callId);
  await signalWithStartOnce(deps.temporal, callWorkflow, {
    workflowId, taskQueue: deps.taskQueue, args: [{ callId: event.callId }], signal: voiceEventSignal, signalArgs: [event],
  });
  return workflowId;
}

/** Starts the message workflow of an inbound SMS (once), or records a sent SMS's delivery status; answers the workflow id. */
export async function deliverMessageEvent(deps: ApiDeps, event: MessageEvent): Promise<string | null> {
  if (event.type === 'message.status') {
    // The latest status by when it happened wins, whatever order the carrier delivers them in.
    await deps.db.insert(messageStatuses).values({ messageId: event.messageId, status: event.status, occurredAt: new Date(event.occurredAt) })
      .onConflictDoUpdate({
        target: messageStatuses.messageId,
        set: { status: sql`excluded.status`, occurredAt: sql`excluded.occurred_at` },
        setWhere: sql`excluded.occurred_at > ${messageStatuses.occurredAt} or (excluded.occurred_at = ${messageStatuses.occurredAt} and excluded.status = 'failed')`,
      });
    return null;
  }
  const workflowId = messageWorkflowId(event.messageId);
  await startOnce(deps.temporal, messageWorkflow, { workflowId, taskQueue: deps.taskQueue, args: [event] });
  return workflowId;
}
