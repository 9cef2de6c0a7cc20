// How the rest of Switchboard starts and queries an inbox's auto-mark-as-read workflow
// (./auto-mark-read-workflow.ts). Like every inbox workflow it also hears policyChangedSignal (../policy-changed.ts).
import { defineQuery } from '@temporalio/workflow';

export interface AutoReadInput {
  orgId: string;
  inboxId: string;
  /** Sleeps and batches per run before it continues as new (default 200); tests set it low to cross that boundary. */
  roundsPerRun?: number;
  /** Carried across continue-as-new. */
  carried?: { period: string | null; version: number; cleared: number };
}

export interface AutoReadProgress {
  phase: 'starting' | 'clearing' | 'sleeping' | 'off';
  period: string | null;
  /** The automation policy's version the period comes from (0: the defaults). */
  policyVersion: number;
  cleared: number;
  nextRunAt: string | null;
}

export const autoReadProgressQuery = defineQuery<AutoReadProgress>('autoReadProgress');

/** One per inbox. */
export const autoReadWorkflowId = (inboxId: string) => `auto-read-${inboxId}`;
