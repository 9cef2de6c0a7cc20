import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { outboundCallEventSchema } from '../../domain/calls/outbound-call-events.ts';
import { isOutboundCallId, outboundCallEventSignal, outboundCallWorkflowId } from '../../workflows/outbound-call/contract.ts';
import { badRequest } from '../http/problem.ts';
import { toFieldErrors } from '../http/route.ts';

/**
 * Hands a voice event to the outbound call it belongs to, if the call id is one Switchboard placed (its
 * workflow exists before any of its events); answers that workflow's id, or undefined for any other call.
 * A late event for an outbound call that has ended changes nothing.
 */
export async function deliverToOutboundCall(temporal: Client, body: { callId: string }): Promise<string | undefined> {
  if (!isOutboundCallId(body.callId)) return undefined;
  const workflowId = outboundCallWorkflowId(body.callId);
  const handle = temporal.workflow.getHandle(workflowId);
  const exists = () => handle.describe().then(() => true, (error) => {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  });
  const event = outboundCallEventSchema.safeParse(body);
  if (!event.success) {
    if (!(await exists())) return undefined;
    throw badRequest('The request body is not valid for an outbound call.', toFieldErrors(event.error));
  }
  try {
    await handle.signal(outboundCallEventSignal, event.data);
    return workflowId;
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    // Ended already (the late event changes nothing), or never placed: then it is a carrier's own call id.
    return (await exists()) ? workflowId : undefined;
  }
}
