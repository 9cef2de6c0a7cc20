import { describe, expect, it } from 'vitest';
import { businessHoursSchema, type BusinessHours } from './business-hours.ts';
import { isOpenAt } from './open-hours.ts';

const hours = (input: unknown): BusinessHours => businessHoursSchema.parse(input);
const weekdays9to5 = hours({ weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] } });

describe('isOpenAt', () => {
  it.each([
    // [description, zone, instant (UTC), expected]
    ['New York Monday 08:59 local', 'America/New_York', '2026-11-23T13:59:00Z', false],
    ['New York Monday 09:00 local', 'America/New_York', '2026-11-23T14:00:00Z', true],
    ['New York Monday 16:59 local', 'America/New_York', '2026-11-23T21:59:00Z', true],
    ['New York Monday 17:00 local (end is exclusive)', 'America/New_York', '2026-11-23T22:00:00Z', false],
    ['New York Saturday noon', 'America/New_York', '2026-11-28T17:00:00Z', false],
    ['Kolkata +05:30 Monday 09:00 local', 'Asia/Kolkata', '2026-11-23T03:30:00Z', true],
    ['Kolkata Monday 08:59 local', 'Asia/Kolkata', '2026-11-23T03:29:00Z', false],
    ['Sydney Monday 09:00 local (UTC Sunday 22:00, DST +11)', 'Australia/Sydney', '2026-11-22T22:00:00Z', true],
    ['London Friday after DST ended (GMT) 09:00', 'Europe/London', '2026-10-30T09:00:00Z', true],
    ['London Monday in summer time 09:00 BST = 08:00 UTC', 'Europe/London', '2026-06-01T08:00:00Z', true],
    ['London Monday in summer time 08:59 BST', 'Europe/London', '2026-06-01T07:59:00Z', false],
  ])('%s', (_, zone, instant, expected) => {
    expect(isOpenAt(weekdays9to5, zone, new Date(instant))).toBe(expected);
  });

  it('names an unknown timezone instead of failing deeper in', () => {
    expect(() => isOpenAt(weekdays9to5, 'Mars/Olympus', new Date())).toThrow('unknown timezone "Mars/Olympus"');
  });

  it('null business hours means always open', () => {
    expect(isOpenAt(null, 'UTC', new Date('2026-11-29T03:00:00Z'))).toBe(true);
  });

  it('overnight windows run into the next day, and holidays close the day but not the previous evening spill', () => {
    const night = hours({ weekly: { fri: [['22:00', '06:00']] }, holidays: ['2026-11-28'] });
    const at = (iso: string) => isOpenAt(night, 'UTC', new Date(iso));
    expect(at('2026-11-27T21:59:00Z')).toBe(false); // Fri 21:59
    expect(at('2026-11-27T22:00:00Z')).toBe(true); // Fri 22:00
    expect(at('2026-11-28T05:59:00Z')).toBe(true); // Sat 05:59, a holiday, but Friday's night
    expect(at('2026-11-28T06:00:00Z')).toBe(false);
    const fridayHoliday = hours({ weekly: { fri: [['22:00', '06:00']] }, holidays: ['2026-11-27'] });
    expect(isOpenAt(fridayHoliday, 'UTC', new Date('2026-11-27T23:00:00Z'))).toBe(false);
    expect(isOpenAt(fridayHoliday, 'UTC', new Date('2026-11-28T01:00:00Z'))).toBe(false);
  });

  it('several windows a day', () => {
    const split = hours({ weekly: { mon: [['09:00', '12:00'], ['13:00', '17:00']] } });
    expect([10, 12.5, 14].map((h) => isOpenAt(split, 'UTC', new Date(Date.UTC(2026, 10, 23, Math.floor(h), (h % 1) * 60))))).toEqual([true, false, true]);
  });

  it.each([
    // DST days: a 01:00–03:00 window lasts one hour in spring and two in autumn.
    ['America/New_York', '2026-03-08', 'sun', 60],
    ['America/New_York', '2026-11-01', 'sun', 180],
    ['Europe/London', '2026-03-29', 'sun', 60],
    ['Europe/London', '2026-10-25', 'sun', 180],
  ])('a 01:00–03:00 window in %s on %s (%s) is open %i minutes', (zone, date, day, expected) => {
    const window = hours({ weekly: { [day]: [['01:00', '03:00']] } });
    let open = 0;
    const start = new Date(`${date}T00:00:00Z`).getTime() - 14 * 3600_000;
    for (let t = start; t < start + 48 * 3600_000; t += 60_000) if (isOpenAt(window, zone, new Date(t))) open++;
    expect(open).toBe(expected);
  });
});

describe('businessHoursSchema', () => {
  it.each([
    [{ weekly: { mon: [['25:00', '17:00']] } }, 'weekly.mon.0.0', 'HH:MM'],
    [{ weekly: { mon: [['9:00', '17:00']] } }, 'weekly.mon.0.0', 'HH:MM'],
    [{ weekly: { mon: [['09:00', '09:00']] } }, 'weekly.mon.0', 'same time'],
    [{ weekly: { mon: [['09:00', '12:00'], ['11:00', '14:00']] } }, 'weekly.mon.1', 'overlaps window 0'],
    [{ weekly: { mon: [['22:00', '06:00']], tue: [['05:00', '09:00']] } }, 'weekly.mon.0', "past midnight into tue"],
    [{ weekly: { sun: [['23:00', '02:00']], mon: [['01:00', '09:00']] } }, 'weekly.sun.0', 'past midnight into mon'],
    [{ weekly: { funday: [] } }, '(root)', ''],
    [{ weekly: {}, holidays: ['2026-13-01'] }, 'holidays.0', 'YYYY-MM-DD'],
    [{ weekly: {}, holidays: ['2026-12-25', '2026-12-25'] }, 'holidays.1', 'twice'],
  ])('rejects %j at %s', (input, path, message) => {
    const result = businessHoursSchema.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => (i.path.join('.') || '(root)') === path || i.path.join('.').startsWith(path === '(root)' ? 'weekly' : path));
    expect(issue, JSON.stringify(result.error!.issues)).toBeDefined();
    expect(issue!.message).toContain(message);
  });

  it('accepts windows that touch, 24:00 as an end, and an overnight window followed by a later morning', () => {
    expect(businessHoursSchema.safeParse({ weekly: { mon: [['09:00', '12:00'], ['12:00', '24:00']], tue: [['22:00', '06:00']], wed: [['06:00', '10:00']] } }).success).toBe(true);
  });
});
