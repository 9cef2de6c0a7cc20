import { condition, setHandler } from '@temporalio/workflow';
import { policyChangedSignal, type PolicyChange } from '../../workflows/policy-changed.ts';

/** Stands in for the inbox workflows of later issues: completes with the first policy change it is told of. */
export async function policyListenerWorkflow(): Promise<PolicyChange> {
  let change: PolicyChange | undefined;
  setHandler(policyChangedSignal, (received) => void (change = received));
  await condition(() => change !== undefined);
  return change!;
}
