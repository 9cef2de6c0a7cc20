import { isOpenAt } from '../policies/open-hours.ts';
import type { RoutingPolicy } from '../policies/routing.ts';
import { orderAgents, type Candidate } from './order-agents.ts';

/** What a routed call does first: closed-hours handling, no agent to ring, or ringing these agents in this order. */
export type CallOpening = { kind: 'closed' } | { kind: 'no_agent' } | { kind: 'ring'; ordered: string[] };

/** The inbox as routing found it, as far as the call's opening depends on it. */
export interface OpeningInbox {
  timezone: string;
  candidates: Candidate[];
  lastFirstRung: string | null;
}

/**
 * How a call that arrived at `arrivedAt` opens under `policy`. The call workflow decides by it, and so does the
 * routing step that records a ringing call before its workflow task ends: both must reach the same answer.
 */
export function openCall(policy: RoutingPolicy, inbox: OpeningInbox, arrivedAt: Date): CallOpening {
  if (!isOpenAt(policy.businessHours, inbox.timezone, arrivedAt)) return { kind: 'closed' };
  const ordered = orderAgents(policy.strategy, inbox.candidates, inbox.lastFirstRung);
  return ordered.length === 0 ? { kind: 'no_agent' } : { kind: 'ring', ordered };
}
