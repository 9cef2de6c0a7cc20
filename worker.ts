import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from './activities/index.ts';
import { notificationStarter } from './workflows/client/notifications.ts';

export interface WorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  workflowBundle: { codePath: string };
  /** Workflows kept in memory between their tasks (WORKER_CACHED_WORKFLOWS); unset, the SDK sizes it from the heap. */
  maxCachedWorkflows?: number;
  /** What the activities need, with the Temporal client from which the worker builds the workflow starters they use. */
  deps: Omit<ActivityDeps, 'startNotificationWorkflow'> & { temporal: { client: Client; taskQueue: string } };
}

export interface RunningWorker {
  worker: Worker;
  /** Stops polling, lets running activities finish, and closes the connection. */
  drain(): Promise<void>;
}

/** The Temporal worker: runs the bundled workflows and the activities built from their dependencies. */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const connection = await NativeConnection.connect({ address: options.address });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: options.workflowBundle,
    maxCachedWorkflows: options.maxCachedWorkflows,
    activities: createActivities({ ...options.deps, startNotificationWorkflow: notificationStarter(options.deps.temporal) }),
    shutdownGraceTime: '10 seconds',
  });
  const running = worker.run();
  return {
    worker,
    async drain() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
