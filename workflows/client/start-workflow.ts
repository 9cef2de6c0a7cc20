import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowHandle, type WorkflowSignalWithStartOptions, type WorkflowStartOptions } from '@temporalio/client';
import type { WithWorkflowArgs, Workflow } from '@temporalio/common';

// Workflows keyed by a business id (a carrier's call or message, an Idempotency-Key) are started at most once:
// the id is never reused, so a retry that comes after the first run has finished cannot start a second one.
const once = { workflowIdReusePolicy: 'REJECT_DUPLICATE' } as const;

/** Starts the workflow, or accepts the run that already has its id (running or finished): a retry is applied once. */
export async function startOnce<W extends Workflow>(client: Client, workflow: W, options: WorkflowStartOptions<W>): Promise<WorkflowHandle<W>> {
  try {
    return await client.workflow.start(workflow, { ...once, ...options });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    return client.workflow.getHandle<W>(options.workflowId);
  }
}

/**
 * Signals the workflow, starting it first if no run has had its id yet (for events that may arrive in any
 * order); once that run has finished, a late signal is dropped, as it has nothing left to change.
 */
export async function signalWithStartOnce<W extends Workflow, A extends unknown[]>(
  client: Client, workflow: W, options: WithWorkflowArgs<W, WorkflowSignalWithStartOptions<A>>,
): Promise<void> {
  try {
    await client.workflow.signalWithStart(workflow, { ...once, ...options });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
