import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { PolicyName } from '../../domain/policies/index.ts';
import { policyChangedSignal, type PolicyChange } from '../../workflows/policy-changed.ts';
import { inboxIdAttribute, orgIdAttribute } from '../../workflows/search-attributes.ts';

/**
 * A long-running per-inbox workflow that a policy governs (auto-mark-as-read, daily reports). It is started
 * when the policy wants it running and told of every change; it ends itself when the policy turns it off.
 */
export interface PolicyFollower {
  policy: PolicyName;
  workflowType: string;
  workflowId(inboxId: string): string;
  wantsRunning(document: unknown): boolean;
}

export interface PolicyPropagator {
  propagate(change: PolicyChange): Promise<void>;
}

/** The one place a policy change reaches workflows: followers by signal-with-start, everything else running for the inbox by signal. */
export function createPolicyPropagator(deps: { temporal: Client; taskQueue: string; logger: Logger; followers: PolicyFollower[] }): PolicyPropagator {
  return {
    async propagate(change) {
      const signalled = new Set<string>();
      for (const follower of deps.followers.filter((f) => f.policy === change.name)) {
        const workflowId = follower.workflowId(change.inboxId);
        signalled.add(workflowId);
        if (follower.wantsRunning(change.document)) {
          await deps.temporal.workflow.signalWithStart(follower.workflowType, {
            workflowId, taskQueue: deps.taskQueue, args: [{ orgId: change.orgId, inboxId: change.inboxId }],
            signal: policyChangedSignal, signalArgs: [change],
            typedSearchAttributes: [{ key: orgIdAttribute, value: change.orgId }, { key: inboxIdAttribute, value: change.inboxId }],
          });
        } else {
          await signalIfRunning(deps.temporal, workflowId, change);
        }
      }
      const running = deps.temporal.workflow.list({
        query: `${inboxIdAttribute.name} = "${change.inboxId}" AND ExecutionStatus = "Running"`,
      });
      for await (const execution of running) {
        if (signalled.has(execution.workflowId)) continue;
        await signalIfRunning(deps.temporal, execution.workflowId, change);
      }
    },
  };
}

async function signalIfRunning(temporal: Client, workflowId: string, change: PolicyChange) {
  try {
    await temporal.workflow.getHandle(workflowId).signal(policyChangedSignal, change);
  } catch (error) {
    // It finished between the listing and the signal: nothing left to tell.
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
}
