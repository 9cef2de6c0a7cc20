import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { aroundTransitions, HOUR, oddZones, spread } from '../test/helpers/zone-instants.ts';
import { addDays, wallClockAt, zoneOffsetMinutes } from './zone-time.ts';

// zone-time.ts replaced luxon in workflow code; its answers must be luxon's, or replayed workflows would schedule
// differently.
describe('zone-time against luxon', () => {
  it.each(oddZones)('%s: offsets and wall clocks match at every instant tried', { timeout: 30_000 }, (zone) => {
    const instants = [...aroundTransitions(zone, '2010-01-01', '2031-01-01', 20 * 60_000), ...spread('1990-01-01', '2040-01-01', 53 * HOUR + 7 * 60_000 + 13_000),
      // Not on a whole second: luxon reads the offset at the second before.
      ...spread('2025-01-01', '2027-01-01', 17 * HOUR + 999)];
    const tz = IANAZone.create(zone);
    const mismatches: string[] = [];
    for (const t of instants) {
      const mine = wallClockAt(new Date(t), zone);
      const theirs = DateTime.fromMillis(t, { zone });
      const expected = { year: theirs.year, month: theirs.month, day: theirs.day, hour: theirs.hour, minute: theirs.minute, second: theirs.second, weekday: theirs.weekday };
      if (zoneOffsetMinutes(zone, t) !== tz.offset(t) || JSON.stringify(mine) !== JSON.stringify(expected)) mismatches.push(new Date(t).toISOString());
    }
    expect(instants.length).toBeGreaterThan(1000);
    expect(mismatches).toEqual([]);
  });

  it('moves dates by calendar days as luxon does', () => {
    for (const date of ['2024-02-28', '2024-12-31', '2026-03-08', '2000-02-29', '1999-12-31', '2100-02-28']) {
      for (const days of [-400, -31, -1, 0, 1, 2, 29, 366]) {
        expect(addDays(date, days)).toBe(DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate());
      }
    }
  });

  it('names the zone it does not know', () => {
    expect(() => wallClockAt(new Date(), 'Mars/Olympus')).toThrow('unknown timezone "Mars/Olympus"');
  });
});
