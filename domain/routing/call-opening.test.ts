import { describe, expect, it } from 'vitest';
import { routingPolicySchema } from '../policies/routing.ts';
import { openCall } from './call-opening.ts';
import type { Candidate } from './order-agents.ts';

const agent = (userId: string, position: number, extra: Partial<Candidate> = {}): Candidate => ({
  userId, position, lastCallEndedAt: null, available: true, onCall: false, ...extra,
});
const inbox = { timezone: 'America/New_York', candidates: [agent('a', 0), agent('b', 1), agent('c', 2)], lastFirstRung: 'a' };
const weekdays = { weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']] }, holidays: [] };
// Monday 2026-12-07: 10:00 and 20:00 in New York.
const mondayMorning = new Date('2026-12-07T15:00:00Z');
const mondayNight = new Date('2026-12-08T01:00:00Z');

describe('openCall', () => {
  it('rings the ready agents in the strategy\'s order while the inbox is open', () => {
    const policy = routingPolicySchema.parse({ strategy: 'round_robin', businessHours: weekdays });
    expect(openCall(policy, inbox, mondayMorning)).toEqual({ kind: 'ring', ordered: ['b', 'c', 'a'] });
  });

  it('is closed outside business hours, whoever is ready', () => {
    const policy = routingPolicySchema.parse({ businessHours: weekdays });
    expect(openCall(policy, inbox, mondayNight)).toEqual({ kind: 'closed' });
  });

  it('has no agent when nobody is ready, and is always open without business hours', () => {
    const policy = routingPolicySchema.parse({});
    const away = { ...inbox, candidates: [agent('a', 0, { available: false }), agent('b', 1, { onCall: true })] };
    expect(openCall(policy, away, mondayNight)).toEqual({ kind: 'no_agent' });
    expect(openCall(policy, inbox, mondayNight)).toEqual({ kind: 'ring', ordered: ['a', 'b', 'c'] });
  });
});
