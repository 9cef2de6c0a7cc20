import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { aroundTransitions, HOUR, spread } from '../../test/helpers/zone-instants.ts';
import { addDays } from '../zone-time.ts';
import { businessHoursSchema, type BusinessHours } from './business-hours.ts';
import { isOpenAt, spansByDay } from './open-hours.ts';

/** isOpenAt as it was written with luxon: calls and messages already routed were decided by it. */
function luxonIsOpenAt(hours: BusinessHours | null, timezone: string, instant: Date): boolean {
  if (!hours) return true;
  const local = DateTime.fromJSDate(instant, { zone: timezone });
  if (!local.isValid) throw new RangeError(`unknown timezone "${timezone}"`);
  const minute = local.hour * 60 + local.minute;
  const spans = spansByDay(hours.weekly);
  const holidays = new Set(hours.holidays);
  const today = local.weekday - 1;
  if (!holidays.has(local.toISODate()!) && spans[today]!.some((s) => minute >= s.start && minute < s.end)) return true;
  const yesterday = local.minus({ days: 1 });
  if (holidays.has(yesterday.toISODate()!)) return false;
  return spans[(today + 6) % 7]!.some((s) => s.end > 1440 && minute < s.end - 1440);
}

// Every third day of 2024–2027 a holiday, so holidays fall on DST days, before overnight spills and after them.
const holidays = Array.from({ length: 366 }, (_, i) => addDays('2024-01-01', i * 4));
const week = (windows: [string, string][]) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, windows]));
const hourSets = {
  'office hours': businessHoursSchema.parse({ weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '12:00'], ['13:00', '17:30']], fri: [['08:15', '16:45']] }, holidays }),
  'around the DST hours': businessHoursSchema.parse({ weekly: week([['00:00', '00:30'], ['01:00', '03:00'], ['03:30', '04:00']]), holidays }),
  'overnight windows': businessHoursSchema.parse({ weekly: { sat: [['22:00', '06:00']], sun: [['23:30', '02:30']], tue: [['20:00', '24:00']], wed: [['00:00', '01:00']] }, holidays }),
  'till midnight daily': businessHoursSchema.parse({ weekly: week([['12:00', '24:00']]), holidays: [] }),
};

// zone-time.test.ts compares the wall clocks in many more zones; these are the ones whose clocks jump oddly.
const zones = ['America/New_York', 'Australia/Sydney', 'Australia/Lord_Howe', 'America/Santiago', 'America/Havana', 'Pacific/Chatham', 'Pacific/Apia', 'Europe/Dublin'];

describe('isOpenAt against its luxon original', () => {
  it.each(zones)('%s: the same answer at every instant tried', { timeout: 60_000 }, (zone) => {
    const instants = [...aroundTransitions(zone, '2024-01-01', '2028-01-01', 15 * 60_000), ...spread('2022-01-01', '2028-01-01', 19 * HOUR + 7 * 60_000)];
    const mismatches: string[] = [];
    for (const [name, hours] of Object.entries(hourSets)) {
      for (const t of instants) {
        const at = new Date(t);
        if (isOpenAt(hours, zone, at) !== luxonIsOpenAt(hours, zone, at)) mismatches.push(`${name} at ${at.toISOString()}`);
      }
    }
    expect(instants.length).toBeGreaterThan(2500);
    expect(mismatches).toEqual([]);
  });
});
