import { defineSignal } from '@temporalio/workflow';
import type { PolicyName } from '../domain/policies/index.ts';

export interface PolicyChange {
  orgId: string;
  inboxId: string;
  name: PolicyName;
  /** Increases with each change of this policy: a workflow keeps the highest it has seen. */
  version: number;
  document: unknown;
}

/** Sent to every running workflow of an inbox when one of its policies changes. */
export const policyChangedSignal = defineSignal<[PolicyChange]>('policyChanged');
