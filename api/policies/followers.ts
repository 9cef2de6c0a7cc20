import type { PolicyFollower } from './propagate.ts';

/**
 * The per-inbox long-running workflows each policy governs. The auto-mark-as-read (automation policy) and
 * daily report (reports policy) workflows join this list as they are built.
 */
export const policyFollowers: PolicyFollower[] = [];
