import type { RoutingPolicy } from '../policies/routing.ts';

export interface Candidate {
  userId: string;
  position: number;
  /** When this agent's last call ended; null if never. */
  lastCallEndedAt: number | null;
  available: boolean;
  onCall: boolean;
}

/**
 * The agents to ring, in ring order. Offline, busy and on-call agents are skipped. Round robin starts just
 * after whoever the inbox rang first last time; longest idle starts with the agent idle the longest.
 */
export function orderAgents(strategy: RoutingPolicy['strategy'], candidates: Candidate[], lastFirstRung: string | null): string[] {
  const ready = candidates.filter((c) => c.available && !c.onCall);
  const byPosition = [...ready].sort((a, b) => a.position - b.position || a.userId.localeCompare(b.userId));
  switch (strategy) {
    case 'simultaneous':
    case 'sequential':
      return byPosition.map((c) => c.userId);
    case 'round_robin': {
      const all = [...candidates].sort((a, b) => a.position - b.position || a.userId.localeCompare(b.userId));
      const last = all.findIndex((c) => c.userId === lastFirstRung);
      const rotated = last < 0 ? all : [...all.slice(last + 1), ...all.slice(0, last + 1)];
      const readyIds = new Set(ready.map((c) => c.userId));
      return rotated.filter((c) => readyIds.has(c.userId)).map((c) => c.userId);
    }
    case 'longest_idle':
      return [...byPosition].sort((a, b) => (a.lastCallEndedAt ?? -Infinity) - (b.lastCallEndedAt ?? -Infinity)).map((c) => c.userId);
  }
}

/** Who rings in each attempt: everyone at once for simultaneous, otherwise one at a time, cycling. */
export function ringGroups(strategy: RoutingPolicy['strategy'], ordered: string[]): string[][] {
  if (ordered.length === 0) return [];
  return strategy === 'simultaneous' ? [ordered] : ordered.map((userId) => [userId]);
}
