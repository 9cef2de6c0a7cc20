// How the rest of Switchboard starts and queries an inbox's auto-mark-as-read workflow
// (./auto-mark-read-workflow.ts). Like every inbox workflow it also hears policyChangedSignal (../policy-changed.ts).
import { defineQuery } from '@temporalio/workflow';

export interface AutoReadInput {
  orgId: string;
  inboxId: string;
  /** Carried across continue-as-new. */
  carried?: { period: string | null; version: number; cleared: number };
}

export interface AutoReadProgress {
  phase: 'starting' | 'clearing' | 'sleeping' | 'off';
  period: string | null;
  cleared: number;
  nextRunAt: string | null;
}

export const autoReadProgressQuery = defineQuery<AutoReadProgress>('autoReadProgress');

/** One per inbox. */
export const autoReadWorkflowId = (inboxId: string) => `auto-read-${inboxId}`;
