import type { PolicyName } from '../../domain/policies/index.ts';
import type { AutomationPolicy } from '../../domain/policies/automation.ts';
import type { ReportsPolicy } from '../../domain/policies/reports.ts';
import { autoMarkReadWorkflow } from '../automation/auto-mark-read-workflow.ts';
import { autoReadWorkflowId } from '../automation/contract.ts';
import { dailyReportWorkflowId } from '../reports/contract.ts';
import { dailyReportWorkflow } from '../reports/daily-report-workflow.ts';

/**
 * A long-running per-inbox workflow that a policy governs. It is started when the policy wants it running and
 * told of every change; it ends itself when the policy turns it off.
 */
export interface PolicyFollower {
  policy: PolicyName;
  workflow: (input: { orgId: string; inboxId: string }) => Promise<unknown>;
  workflowId(inboxId: string): string;
  wantsRunning(document: unknown): boolean;
}

/** The per-inbox long-running workflows each policy governs. */
export const policyFollowers: PolicyFollower[] = [
  {
    policy: 'automation',
    workflow: autoMarkReadWorkflow,
    workflowId: autoReadWorkflowId,
    wantsRunning: (document) => (document as AutomationPolicy).autoMarkReadAfter !== null,
  },
  {
    policy: 'reports',
    workflow: dailyReportWorkflow,
    workflowId: dailyReportWorkflowId,
    wantsRunning: (document) => (document as ReportsPolicy).dailyActivity.enabled,
  },
];
