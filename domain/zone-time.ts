/**
 * Wall-clock readings of an instant in an IANA time zone, with Intl alone. Workflow code needs them, and a
 * library such as luxon would be evaluated again in every workflow's sandbox (MEASURED.md, "Worker memory").
 * The arithmetic is luxon's IANAZone's, so the answers are the same (zone-time.test.ts compares them).
 */

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: 1 is Monday, 7 Sunday. */
  weekday: number;
}

// Building a DateTimeFormat costs far more than using one; a workflow sandbox keeps its own few.
const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        hour12: false, timeZone: zone, era: 'short',
        year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      });
    } catch {
      // Zones are validated at the API; a bad one here is a bug, so say which zone rather than fail deeper in.
      throw new RangeError(`unknown timezone "${zone}"`);
    }
    formats.set(zone, format);
  }
  return format;
}

/** The zone's offset from UTC at an instant, in minutes (New York in winter: -300). */
export function zoneOffsetMinutes(zone: string, epochMs: number): number {
  const parts: Record<string, string> = {};
  for (const { type, value } of formatIn(zone).formatToParts(new Date(epochMs))) parts[type] = value;
  let year = Number(parts.year);
  if (parts.era === 'BC') year = 1 - year;
  // hour12: false may print midnight as 24.
  const hour = Number(parts.hour) % 24;
  const asUtc = new Date(0);
  asUtc.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day));
  asUtc.setUTCHours(hour, Number(parts.minute), Number(parts.second), 0);
  const wholeSecond = epochMs - (((epochMs % 1000) + 1000) % 1000);
  return (asUtc.getTime() - wholeSecond) / 60_000;
}

/** What a clock in the zone shows at an instant. */
export function wallClockAt(instant: Date, zone: string): WallClock {
  const shifted = new Date(instant.getTime() + zoneOffsetMinutes(zone, instant.getTime()) * 60_000);
  return {
    year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(), minute: shifted.getUTCMinutes(), second: shifted.getUTCSeconds(),
    weekday: ((shifted.getUTCDay() + 6) % 7) + 1,
  };
}

/** A wall clock's calendar date as YYYY-MM-DD. */
export function isoDateOf(clock: Pick<WallClock, 'year' | 'month' | 'day'>): string {
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(clock.year, 4)}-${pad(clock.month, 2)}-${pad(clock.day, 2)}`;
}

/** A YYYY-MM-DD date moved by whole calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
