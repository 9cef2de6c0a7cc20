import { condition, setHandler } from '@temporalio/workflow';
import { policyChangedSignal, type PolicyChange } from '../../workflows/policy-changed.ts';
import type { PolicyListenerInput } from './contract.ts';

/** Stands in for the inbox workflows of later issues: completes with the policy changes it is told of, in arrival order. */
export async function policyListenerWorkflow(input: PolicyListenerInput = {}): Promise<PolicyChange[]> {
  const changes: PolicyChange[] = [];
  setHandler(policyChangedSignal, (received) => void changes.push(received));
  await condition(() => changes.length >= (input.changes ?? 1));
  return changes;
}
