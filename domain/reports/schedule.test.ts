import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localHours } from './local-hours.ts';
import { addDays, isCalendarDate, latestDueReportDate, localDayBounds, nextReport, parseTimeOfDay, reportSendInstant } from './schedule.ts';

// 2026 clock changes: New York 03-08 (02:00→03:00) and 11-01 (02:00→01:00); London 03-29 (01:00→02:00) and
// 10-25 (02:00→01:00); Sydney 04-05 (03:00→02:00) and 10-04 (02:00→03:00); Kolkata never (+05:30).

describe('parseTimeOfDay', () => {
  it.each([
    ['08:00', 28_800], ['23:59', 86_340], ['00:00', 0], ['07:15:30', 26_130],
    ['24:00', undefined], ['8:00', undefined], ['08:60', undefined], ['08:00:60', undefined], ['', undefined],
  ])('%s → %s', (value, seconds) => expect(parseTimeOfDay(value)).toBe(seconds));
});

describe('isCalendarDate', () => {
  it.each([['2026-02-28', true], ['2028-02-29', true], ['2026-02-29', false], ['2026-13-01', false], ['2026-1-01', false], ['yesterday', false]])(
    '%s → %s', (value, valid) => expect(isCalendarDate(value)).toBe(valid));
});

describe('reportSendInstant', () => {
  it.each([
    // zone, report day, send time, the UTC instant it goes out (on the next local day)
    ['America/New_York', '2026-03-06', '08:00', '2026-03-07T13:00:00.000Z'],
    ['America/New_York', '2026-03-07', '08:00', '2026-03-08T12:00:00.000Z'],
    ['America/New_York', '2026-03-07', '02:30', '2026-03-08T07:00:00.000Z'], // skipped: at the jump
    ['America/New_York', '2026-03-07', '01:59', '2026-03-08T06:59:00.000Z'],
    ['America/New_York', '2026-03-07', '03:00', '2026-03-08T07:00:00.000Z'],
    ['America/New_York', '2026-10-31', '01:30', '2026-11-01T05:30:00.000Z'], // repeated: the first one
    ['America/New_York', '2026-10-31', '08:00', '2026-11-01T13:00:00.000Z'],
    ['Europe/London', '2026-03-28', '01:30', '2026-03-29T01:00:00.000Z'],
    ['Europe/London', '2026-03-28', '08:00', '2026-03-29T07:00:00.000Z'],
    ['Europe/London', '2026-10-24', '01:30', '2026-10-25T00:30:00.000Z'],
    ['Europe/London', '2026-10-25', '01:30', '2026-10-26T01:30:00.000Z'],
    ['Australia/Sydney', '2026-04-04', '02:30', '2026-04-04T15:30:00.000Z'],
    ['Australia/Sydney', '2026-04-04', '08:00', '2026-04-04T22:00:00.000Z'],
    ['Australia/Sydney', '2026-10-03', '02:30', '2026-10-03T16:00:00.000Z'],
    ['Australia/Sydney', '2026-10-04', '08:00', '2026-10-04T21:00:00.000Z'],
    ['Asia/Kolkata', '2026-03-07', '08:00', '2026-03-08T02:30:00.000Z'],
    ['Asia/Kolkata', '2026-12-31', '00:00', '2026-12-31T18:30:00.000Z'],
    ['Asia/Kolkata', '2026-10-24', '01:30:15', '2026-10-24T20:00:15.000Z'],
  ])('%s: the report of %s at %s goes out %s', (zone, date, sendAt, expected) => {
    expect(reportSendInstant(date, sendAt, zone).toISOString()).toBe(expected);
  });
});

describe('localDayBounds and localHours', () => {
  it.each([
    ['America/New_York', '2026-03-08', '2026-03-08T05:00:00.000Z', 23],
    ['America/New_York', '2026-03-09', '2026-03-09T04:00:00.000Z', 24],
    ['America/New_York', '2026-11-01', '2026-11-01T04:00:00.000Z', 25],
    ['Europe/London', '2026-03-29', '2026-03-29T00:00:00.000Z', 23],
    ['Europe/London', '2026-10-25', '2026-10-24T23:00:00.000Z', 25],
    ['Australia/Sydney', '2026-04-05', '2026-04-04T13:00:00.000Z', 25],
    ['Australia/Sydney', '2026-10-04', '2026-10-03T14:00:00.000Z', 23],
    ['Asia/Kolkata', '2026-03-08', '2026-03-07T18:30:00.000Z', 24],
  ])('%s %s starts %s and lasts %i hours', (zone, date, start, hours) => {
    const bounds = localDayBounds(date, zone);
    expect(bounds.start.toISOString()).toBe(start);
    expect((bounds.end.getTime() - bounds.start.getTime()) / 3_600_000).toBe(hours);
    const slots = localHours(date, zone);
    expect(slots).toHaveLength(hours);
    expect(slots[0]!.start).toEqual(bounds.start);
    // Every slot starts on a local hour, and consecutive slots never overlap.
    for (const [i, slot] of slots.entries()) {
      expect(DateTime.fromJSDate(slot.start, { zone }).toFormat('mm:ss')).toBe('00:00');
      if (i) expect(slot.start.getTime()).toBeGreaterThan(slots[i - 1]!.start.getTime());
    }
  });

  it('labels the repeated hour twice and leaves out the skipped one', () => {
    const fallBack = localHours('2026-11-01', 'America/New_York').map((h) => h.label);
    expect(fallBack.filter((label) => label === '01:00')).toHaveLength(2);
    const springForward = localHours('2026-03-08', 'America/New_York').map((h) => h.label);
    expect(springForward).not.toContain('02:00');
  });
});

describe('nextReport', () => {
  const zone = 'America/New_York';

  it.each([
    // nothing reported yet: start with the first send time still ahead
    [null, '2026-03-08T11:59:00Z', { date: '2026-03-07', sendAt: '2026-03-08T12:00:00.000Z', skipped: 0 }],
    [null, '2026-03-08T12:00:00Z', { date: '2026-03-08', sendAt: '2026-03-09T12:00:00.000Z', skipped: 0 }],
    // the day after the last one, even when that is already overdue (catch-up after downtime)
    ['2026-03-06', '2026-03-08T13:00:00Z', { date: '2026-03-07', sendAt: '2026-03-08T12:00:00.000Z', skipped: 0 }],
    ['2026-03-07', '2026-03-08T13:00:00Z', { date: '2026-03-08', sendAt: '2026-03-09T12:00:00.000Z', skipped: 0 }],
    // weeks down: only the last MAX_CATCH_UP_DAYS days are still worth sending
    ['2026-02-01', '2026-03-08T13:00:00Z', { date: '2026-03-01', sendAt: '2026-03-02T13:00:00.000Z', skipped: 27 }],
  ])('after %s at %s', (lastReported, now, expected) => {
    const planned = nextReport({ sendAt: '08:00', zone, lastReported, now: new Date(now) });
    expect({ ...planned, sendAt: planned.sendAt.toISOString() }).toEqual(expected);
  });

  it('counts from when reports were turned on, so a schedule that starts late still sends the day due since', () => {
    const planned = nextReport({ sendAt: '08:00', zone, lastReported: null, since: new Date('2026-03-08T11:59:00Z'), now: new Date('2026-03-08T12:00:30Z') });
    expect({ date: planned.date, sendAt: planned.sendAt.toISOString() }).toEqual({ date: '2026-03-07', sendAt: '2026-03-08T12:00:00.000Z' });
  });

  it('knows which day is due', () => {
    expect(latestDueReportDate('08:00', zone, new Date('2026-03-08T11:59:59Z'))).toBe('2026-03-06');
    expect(latestDueReportDate('08:00', zone, new Date('2026-03-08T12:00:00Z'))).toBe('2026-03-07');
  });

  // Walk the schedule through both of the year's clock changes: every day exactly once, in order, each at
  // its send time (or, inside a skipped hour, at the jump).
  it.each([
    ['America/New_York', '02:30'], ['America/New_York', '01:30'], ['America/New_York', '08:00'],
    ['Europe/London', '01:30'], ['Europe/London', '00:00'],
    ['Australia/Sydney', '02:30'], ['Australia/Sydney', '23:59'],
    ['Asia/Kolkata', '08:00'], ['Asia/Kolkata', '00:30'],
  ])('%s at %s: one report per local day all year', (walkZone, sendAt) => {
    let lastReported: string | null = null;
    let now = new Date('2026-01-01T00:00:00Z');
    const dates: string[] = [];
    for (let i = 0; i < 366; i++) {
      const planned = nextReport({ sendAt, zone: walkZone, lastReported, now });
      expect(planned.sendAt.getTime()).toBeGreaterThanOrEqual(now.getTime());
      expect(planned.skipped).toBe(0);
      const local = DateTime.fromJSDate(planned.sendAt, { zone: walkZone });
      expect(local.toISODate()).toBe(addDays(planned.date, 1));
      const wanted = parseTimeOfDay(sendAt)!;
      const actual = local.hour * 3600 + local.minute * 60 + local.second;
      // Equal, except inside a skipped hour, where it goes at the jump (at most an hour later).
      expect(actual === wanted || (actual > wanted && actual - wanted <= 3600 && local.minus({ hours: 1 }).offset !== local.offset)).toBe(true);
      dates.push(planned.date);
      lastReported = planned.date;
      now = planned.sendAt;
    }
    expect(new Set(dates).size).toBe(dates.length);
    for (let i = 1; i < dates.length; i++) expect(dates[i]).toBe(addDays(dates[i - 1]!, 1));
  });
});
