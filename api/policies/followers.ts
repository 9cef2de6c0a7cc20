import type { AutomationPolicy } from '../../domain/policies/automation.ts';
import type { ReportsPolicy } from '../../domain/policies/reports.ts';
import type { PolicyFollower } from './propagate.ts';

/** The per-inbox long-running workflows each policy governs. */
export const policyFollowers: PolicyFollower[] = [
  {
    policy: 'automation',
    workflowType: 'autoMarkReadWorkflow',
    workflowId: (inboxId) => `auto-read-${inboxId}`,
    wantsRunning: (document) => (document as AutomationPolicy).autoMarkReadAfter !== null,
  },
  {
    policy: 'reports',
    workflowType: 'dailyReportWorkflow',
    workflowId: (inboxId) => `daily-report-${inboxId}`,
    wantsRunning: (document) => (document as ReportsPolicy).dailyActivity.enabled,
  },
];
