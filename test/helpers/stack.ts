import { inject } from 'vitest';
import { startLocalStack, type LocalStackOptions, type TestStack } from './local-stack.ts';

export type { TestStack };

/** The local stack on this test run's shared Temporal dev server and workflow bundle. */
export function startTestStack(options: Omit<LocalStackOptions, 'temporalAddress' | 'workflowBundlePath'> = {}): Promise<TestStack> {
  return startLocalStack({ ...options, temporalAddress: inject('temporalAddress'), workflowBundlePath: inject('workflowBundlePath') });
}
