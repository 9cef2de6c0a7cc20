import { defineQuery } from '@temporalio/workflow';

export interface SelfTestInput {
  orgId: string;
  /** Holds the check on a durable timer first: proves that timers survive a restart. */
  delaySec: number;
}

export interface SelfTestProgress {
  phase: 'waiting' | 'checking' | 'done';
  databaseRoundTripMs?: number;
}

export const selfTestProgressQuery = defineQuery<SelfTestProgress>('selfTestProgress');

// The organization is part of the workflow id, so another organization's id can never resolve.
export const selfTestWorkflowId = (orgId: string, selfTestId: string) => `self-test/${orgId}/${selfTestId}`;
