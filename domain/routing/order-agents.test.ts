import { describe, expect, it } from 'vitest';
import { orderAgents, ringGroups, type Candidate } from './order-agents.ts';

const agent = (userId: string, position: number, extra: Partial<Candidate> = {}): Candidate => ({
  userId, position, lastCallEndedAt: null, available: true, onCall: false, ...extra,
});
const team = [agent('a', 0, { lastCallEndedAt: 300 }), agent('b', 1, { lastCallEndedAt: 100 }), agent('c', 2, { lastCallEndedAt: 200 }), agent('d', 3)];

describe('orderAgents', () => {
  it.each([
    ['simultaneous', team, null, ['a', 'b', 'c', 'd']],
    ['sequential', team, null, ['a', 'b', 'c', 'd']],
    ['sequential', [agent('z', 5), agent('y', 1)], null, ['y', 'z']],
    ['round_robin', team, null, ['a', 'b', 'c', 'd']],
    ['round_robin', team, 'a', ['b', 'c', 'd', 'a']],
    ['round_robin', team, 'd', ['a', 'b', 'c', 'd']],
    // The last one rung first is now unavailable: start after it all the same.
    ['round_robin', [agent('a', 0), agent('b', 1, { available: false }), agent('c', 2)], 'b', ['c', 'a']],
    ['round_robin', team, 'gone', ['a', 'b', 'c', 'd']],
    ['longest_idle', team, null, ['d', 'b', 'c', 'a']],
    ['sequential', [agent('a', 0, { available: false }), agent('b', 1, { onCall: true }), agent('c', 2)], null, ['c']],
    ['simultaneous', [agent('a', 0, { available: false })], null, []],
  ] as const)('%s over %j after %s', (strategy, candidates, last, expected) => {
    expect(orderAgents(strategy, [...candidates], last)).toEqual(expected);
  });
});

describe('ringGroups', () => {
  it('rings everyone at once for simultaneous and one at a time otherwise', () => {
    expect(ringGroups('simultaneous', ['a', 'b'])).toEqual([['a', 'b']]);
    expect(ringGroups('sequential', ['a', 'b'])).toEqual([['a'], ['b']]);
    expect(ringGroups('round_robin', [])).toEqual([]);
  });
});
