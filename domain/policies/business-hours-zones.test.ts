import { describe, expect, it } from 'vitest';
import { businessHoursSchema } from './business-hours.ts';
import { isOpenAt } from './open-hours.ts';
import { policySchemas } from './index.ts';

/** Minutes the hours are open in the 48 h around a local date: DST shows up as a changed total. */
function openMinutes(weekly: unknown, zone: string, date: string): number {
  const hours = businessHoursSchema.parse({ weekly });
  const start = Date.parse(`${date}T00:00:00Z`) - 14 * 3600_000;
  let open = 0;
  for (let t = start; t < start + 48 * 3600_000; t += 60_000) if (isOpenAt(hours, zone, new Date(t))) open++;
  return open;
}

describe('isOpenAt across DST changes', () => {
  it.each([
    // Sydney's clocks go back on 2026-04-05 (02:00–02:59 twice) and forward on 2026-10-04 (02:00–02:59 skipped).
    ['a 01:00–03:00 window', { sun: [['01:00', '03:00']] }, 'Australia/Sydney', '2026-04-05', 180],
    ['a 01:00–03:00 window', { sun: [['01:00', '03:00']] }, 'Australia/Sydney', '2026-10-04', 60],
    ['a window starting in the skipped hour', { sun: [['02:30', '05:00']] }, 'America/New_York', '2026-03-08', 120],
    // Overnight windows measure wall-clock time too: Saturday 22:00 → Sunday 06:00.
    ['an overnight window', { sat: [['22:00', '06:00']] }, 'America/New_York', '2026-03-08', 7 * 60],
    ['an overnight window', { sat: [['22:00', '06:00']] }, 'America/New_York', '2026-11-01', 9 * 60],
    ['an overnight window', { sat: [['22:00', '06:00']] }, 'Europe/London', '2026-03-29', 7 * 60],
    ['an overnight window', { sat: [['22:00', '06:00']] }, 'Europe/London', '2026-10-25', 9 * 60],
    ['a normal day', { sun: [['09:00', '17:00']] }, 'Asia/Kolkata', '2026-03-08', 8 * 60],
  ])('%s %j in %s on %s is open %i minutes', (_, weekly, zone, date, expected) => {
    expect(openMinutes(weekly, zone, date)).toBe(expected);
  });
});

describe('isOpenAt at the half-hour offset of Asia/Kolkata', () => {
  const night = businessHoursSchema.parse({ weekly: { fri: [['21:30', '02:00']] }, holidays: ['2026-12-25'] });
  it.each([
    ['Fri 21:29 IST', '2026-11-27T15:59:00Z', false],
    ['Fri 21:30 IST', '2026-11-27T16:00:00Z', true],
    ['Sat 01:59 IST (Friday night spill)', '2026-11-27T20:29:00Z', true],
    ['Sat 02:00 IST', '2026-11-27T20:30:00Z', false],
    ['Christmas Friday 22:00 IST (holiday)', '2026-12-25T16:30:00Z', false],
    ['Sat 01:00 IST after a holiday Friday', '2026-12-25T19:30:00Z', false],
  ])('%s', (_, instant, expected) => {
    expect(isOpenAt(night, 'Asia/Kolkata', new Date(instant))).toBe(expected);
  });
});

describe('business hours errors inside the routing policy', () => {
  it.each([
    [{ mon: [['09:00', '12:00'], ['11:00', '13:00']] }, 'businessHours.weekly.mon.1', 'overlaps window 0 of mon'],
    [{ tue: [['09:00', '25:00']] }, 'businessHours.weekly.tue.0.1', 'HH:MM'],
    [{ wed: [['24:00', '10:00']] }, 'businessHours.weekly.wed.0.0', 'HH:MM'],
    [{ thu: [['10:00', '10:00']] }, 'businessHours.weekly.thu.0', 'same time'],
    [{ sat: [['20:00', '08:00']], sun: [['07:00', '12:00']] }, 'businessHours.weekly.sat.0', "past midnight into sun's hours"],
  ])('%j fails at %s', (weekly, path, message) => {
    const result = policySchemas.routing.safeParse({ businessHours: { weekly } });
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => i.path.join('.') === path);
    expect(issue, JSON.stringify(result.error!.issues)).toBeDefined();
    expect(issue!.message).toContain(message);
  });
});
