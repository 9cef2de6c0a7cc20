// How tests start the policy listener (./policy-listener.ts), a stand-in for the inbox workflows of later issues.

export interface PolicyListenerInput {
  /** How many changes to hear before completing (default 1). */
  changes?: number;
}

/** Several listeners may follow one inbox: each has its own number. */
export const policyListenerWorkflowId = (inboxId: string, listener = 0) => `policy-listener-${inboxId}-${listener}`;
