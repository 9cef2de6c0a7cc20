import type { AutomationPolicy } from '../../domain/policies/automation.ts';
import type { PolicyFollower } from './propagate.ts';

/** The per-inbox long-running workflows each policy governs; the daily report (reports policy) joins with the email issue. */
export const policyFollowers: PolicyFollower[] = [
  {
    policy: 'automation',
    workflowType: 'autoMarkReadWorkflow',
    workflowId: (inboxId) => `auto-read-${inboxId}`,
    wantsRunning: (document) => (document as AutomationPolicy).autoMarkReadAfter !== null,
  },
];
