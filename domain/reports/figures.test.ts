import { describe, expect, it } from 'vitest';
import { computeDailyFigures, percentile, type ReportCall, type ReportMessage } from './figures.ts';
import { localHours } from './local-hours.ts';
import { localDayBounds } from './schedule.ts';

const zone = 'Europe/London';
const date = '2026-10-25'; // 25 hours long: 01:00 happens twice
const at = (iso: string) => new Date(iso);

describe('percentile', () => {
  it.each([
    [[], 0.5, null], [[7], 0.9, 7], [[1, 2, 3, 4], 0.5, 2.5], [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9, 91], [[5, 1, 3], 0.5, 3],
  ])('%j at %f → %s', (values, p, expected) => expect(percentile(values, p)).toBe(expected));
});

describe('computeDailyFigures', () => {
  const calls: ReportCall[] = [
    // answered after 10 s, talked 120 s, by ana
    { occurredAt: at('2026-10-25T09:00:00Z'), answeredAt: at('2026-10-25T09:00:10Z'), endedAt: at('2026-10-25T09:02:10Z'), status: 'completed', agentUserId: 'ana' },
    // answered after 30 s, talked 60 s, by bo
    { occurredAt: at('2026-10-25T09:30:00Z'), answeredAt: at('2026-10-25T09:30:30Z'), endedAt: at('2026-10-25T09:31:30Z'), status: 'completed', agentUserId: 'bo' },
    { occurredAt: at('2026-10-25T00:30:00Z'), answeredAt: null, endedAt: at('2026-10-25T00:31:00Z'), status: 'missed', agentUserId: null },
    { occurredAt: at('2026-10-25T01:30:00Z'), answeredAt: null, endedAt: at('2026-10-25T01:30:20Z'), status: 'abandoned', agentUserId: null },
    { occurredAt: at('2026-10-25T09:45:00Z'), answeredAt: null, endedAt: at('2026-10-25T09:47:00Z'), status: 'voicemail_left', agentUserId: null },
  ];
  const messages: ReportMessage[] = [
    // two questions, one reply 5 min after the first: one response of 300 s
    { occurredAt: at('2026-10-25T09:10:00Z'), direction: 'inbound', conversationId: 'c1', agentUserId: null, repliedAt: at('2026-10-25T09:15:00Z') },
    { occurredAt: at('2026-10-25T09:12:00Z'), direction: 'inbound', conversationId: 'c1', agentUserId: null, repliedAt: at('2026-10-25T09:15:00Z') },
    { occurredAt: at('2026-10-25T09:15:00Z'), direction: 'outbound', conversationId: 'c1', agentUserId: 'ana', repliedAt: null },
    // answered after 100 s, the next morning's reply counts too
    { occurredAt: at('2026-10-25T22:00:00Z'), direction: 'inbound', conversationId: 'c2', agentUserId: null, repliedAt: at('2026-10-25T22:01:40Z') },
    { occurredAt: at('2026-10-25T23:00:00Z'), direction: 'inbound', conversationId: 'c3', agentUserId: null, repliedAt: null },
    // an automatic reply is outbound but nobody's
    { occurredAt: at('2026-10-25T23:00:01Z'), direction: 'outbound', conversationId: 'c3', agentUserId: null, repliedAt: null },
  ];
  const outboundCalls: ReportCall[] = [
    // the contact picked up after 15 s and they talked 45 s
    { occurredAt: at('2026-10-25T10:00:00Z'), answeredAt: at('2026-10-25T10:00:15Z'), endedAt: at('2026-10-25T10:01:00Z'), status: 'completed', agentUserId: 'ana' },
    { occurredAt: at('2026-10-25T10:05:00Z'), answeredAt: null, endedAt: at('2026-10-25T10:06:00Z'), status: 'no_answer', agentUserId: 'ana' },
    { occurredAt: at('2026-10-25T10:07:00Z'), answeredAt: null, endedAt: at('2026-10-25T10:07:00Z'), status: 'failed', agentUserId: 'bo' },
  ];
  const figures = computeDailyFigures({
    date, timezone: zone, period: localDayBounds(date, zone), hours: localHours(date, zone), calls, outboundCalls, messages, unreadAtEndOfDay: 4,
    agents: [{ userId: 'ana', name: 'Ana' }, { userId: 'cy', name: 'Cy' }], names: { bo: 'Bo' },
  });

  it('counts calls and their times', () => {
    expect(figures.calls).toEqual({
      inbound: 5, answered: 2, missed: 1, abandoned: 1, voicemails: 1, answerRate: 0.4,
      timeToAnswer: { medianSec: 20, p90Sec: 28 },
      talkTime: { totalSec: 180, averageSec: 90 },
    });
  });

  it('counts outbound calls apart from inbound ones', () => {
    expect(figures.outboundCalls).toEqual({ placed: 3, connected: 1, noAnswer: 1, failed: 1, talkTimeSec: 45 });
  });

  it('counts messages and the first response time', () => {
    expect(figures.messages).toEqual({ inbound: 4, outbound: 2, firstResponse: { medianSec: 200, replied: 2, awaitingReply: 1 } });
    expect(figures.unreadAtEndOfDay).toBe(4);
  });

  it('lists every connected agent, and anyone else who handled something', () => {
    expect(figures.agents).toEqual([
      { userId: 'ana', name: 'Ana', callsAnswered: 1, talkTimeSec: 120, messagesSent: 1 },
      { userId: 'bo', name: 'Bo', callsAnswered: 1, talkTimeSec: 60, messagesSent: 0 },
      { userId: 'cy', name: 'Cy', callsAnswered: 0, talkTimeSec: 0, messagesSent: 0 },
    ]);
  });

  it('buckets by real local hour, the repeated one twice', () => {
    expect(figures.hourly).toHaveLength(25);
    const ones = figures.hourly.filter((h) => h.label === '01:00');
    // 00:30Z is 01:30 BST (first 01:00), 01:30Z is 01:30 GMT (second 01:00).
    expect(ones.map((h) => h.calls)).toEqual([1, 1]);
    expect(figures.busiestHour).toMatchObject({ label: '09:00', calls: 3, messages: 3 });
    expect(figures.hourly.reduce((n, h) => n + h.calls, 0)).toBe(5);
    expect(figures.hourly.reduce((n, h) => n + h.messages, 0)).toBe(6);
  });

  it('breaks the day down per line: the inbox\'s numbers first (even idle), then any other line used', () => {
    const line = <T extends ReportCall | ReportMessage>(row: T, i: number): T => ({ ...row, line: i % 2 ? '+15550000002' : '+15550000001' });
    const byLine = computeDailyFigures({
      date, timezone: zone, period: localDayBounds(date, zone), hours: localHours(date, zone), calls: calls.map(line), outboundCalls: [], messages: messages.map(line),
      unreadAtEndOfDay: 0, agents: [], names: {}, numbers: ['+15550000009', '+15550000002'],
    }).byNumber;
    expect(byLine.map((n) => n.e164)).toEqual(['+15550000009', '+15550000002', '+15550000001']);
    expect(byLine[0]).toEqual({ e164: '+15550000009', calls: { inbound: 0, answered: 0, missed: 0, abandoned: 0, voicemails: 0, answerRate: null }, messages: { inbound: 0, outbound: 0 } });
    // Calls 1 and 3 (bo's answered one, the abandoned one); messages 1, 3 and 5 (two inbound, one automatic reply).
    expect(byLine[1]).toEqual({ e164: '+15550000002', calls: { inbound: 2, answered: 1, missed: 0, abandoned: 1, voicemails: 0, answerRate: 0.5 }, messages: { inbound: 2, outbound: 1 } });
    expect(byLine[2]!.calls).toMatchObject({ inbound: 3, answered: 1, missed: 1, voicemails: 1 });
    expect(byLine[2]!.messages).toEqual({ inbound: 2, outbound: 1 });
  });

  it('has nothing to rank on an empty day', () => {
    const empty = computeDailyFigures({ date, timezone: zone, period: localDayBounds(date, zone), hours: localHours(date, zone), calls: [], outboundCalls: [], messages: [], unreadAtEndOfDay: 0, agents: [], names: {} });
    expect(empty.calls.answerRate).toBeNull();
    expect(empty.calls.timeToAnswer).toEqual({ medianSec: null, p90Sec: null });
    expect(empty.busiestHour).toBeNull();
    expect(empty.byNumber).toEqual([]);
  });
});
