import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Database } from '../../db/database.ts';
import { loadInboxPolicies } from '../../db/inbox-policies.ts';
import { policyChangedSignal, type PolicyChange } from '../policy-changed.ts';
import { inboxIdAttribute, orgIdAttribute } from '../search-attributes.ts';
import type { PolicyFollower } from './policy-followers.ts';

export interface PolicyPropagator {
  /** Tells the inbox's workflows of a stored change. */
  propagate(change: PolicyChange): Promise<void>;
  /**
   * The daily report is sent by local time, so a new timezone re-plans it: the report schedule hears of it as
   * a change of the reports policy, which it answers by re-reading its plan.
   */
  timezoneChanged(orgId: string, inboxId: string): Promise<void>;
  /** The inbox is gone: its policy followers (auto-mark-as-read, the daily report) end now, not at their next wake-up. */
  inboxDeleted(inboxId: string): Promise<void>;
}

/** The one place a policy change reaches workflows: followers by signal-with-start, everything else running for the inbox by signal. */
export function createPolicyPropagator(deps: { temporal: Client; taskQueue: string; db: Database; followers: PolicyFollower[] }): PolicyPropagator {
  const propagate = async (change: PolicyChange) => {
    const signalled = new Set<string>();
    for (const follower of deps.followers.filter((f) => f.policy === change.name)) {
      const workflowId = follower.workflowId(change.inboxId);
      signalled.add(workflowId);
      if (follower.wantsRunning(change.document)) {
        await deps.temporal.workflow.signalWithStart(follower.workflow, {
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
  };
  return {
    propagate,
    async timezoneChanged(orgId, inboxId) {
      const policies = await loadInboxPolicies(deps.db, inboxId);
      await propagate({ orgId, inboxId, name: 'reports', version: policies.versions.reports, document: policies.reports });
    },
    async inboxDeleted(inboxId) {
      for (const follower of deps.followers) {
        try {
          await deps.temporal.workflow.getHandle(follower.workflowId(inboxId)).terminate('the inbox was deleted');
        } catch (error) {
          // Not running (never started, or already ended): nothing to end.
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        }
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
