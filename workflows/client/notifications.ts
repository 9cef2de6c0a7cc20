import type { Client } from '@temporalio/client';
import { notificationWorkflowId } from '../notifications/contract.ts';
import { notificationWorkflow } from '../notifications/notification-workflow.ts';
import { startOnce } from './start-workflow.ts';

/** Starts the mailing of a notification request, under the request's id, so a repeated request finds it there. */
export function notificationStarter(temporal: { client: Client; taskQueue: string }) {
  return async (notificationId: string): Promise<void> => {
    await startOnce(temporal.client, notificationWorkflow, {
      workflowId: notificationWorkflowId(notificationId), taskQueue: temporal.taskQueue, args: [{ notificationId }],
    });
  };
}
