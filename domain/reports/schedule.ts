import { addDays, isoDateOf, wallClockAt, zoneOffsetMinutes } from '../zone-time.ts';

// Free of luxon: the daily-report workflow plans with these, and each workflow sandbox evaluates what it imports.
export { addDays };

/**
 * When daily reports go out. A report covers one local day of an inbox and is sent on the next local day
 * at the policy's send time. Everything here is pure: the workflow passes its own clock in.
 */

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/** "HH:MM" or "HH:MM:SS" → seconds after local midnight. */
export function parseTimeOfDay(value: string): number | undefined {
  const match = TIME_OF_DAY.exec(value);
  return match ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0) : undefined;
}

/** Reports missed while the system was down are caught up for at most this many days: older ones are stale news. */
const MAX_CATCH_UP_DAYS = 7;

/** The local calendar date of an instant in a zone, as YYYY-MM-DD. */
export function localDate(instant: Date, zone: string): string {
  return isoDateOf(wallClockAt(instant, zone));
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return monthDays !== undefined && day >= 1 && day <= monthDays;
}

/**
 * The UTC instant a local wall-clock time names. A time the clocks skip (spring forward) resolves to the
 * moment of the jump, the first instant at which that time has passed; a time that happens twice (fall
 * back) resolves to its first occurrence. Either way each local day has exactly one such instant.
 */
function wallClockToInstant(date: string, secondsOfDay: number, zone: string): Date {
  const offsetAt = (at: number) => zoneOffsetMinutes(zone, at);
  const wall = Date.parse(`${date}T00:00:00Z`) + secondsOfDay * 1000;
  // Offsets in force around that day; a zone changes offset at most once within a day or so.
  const offsets = [...new Set([offsetAt(wall - 86_400_000), offsetAt(wall), offsetAt(wall + 86_400_000)])];
  const valid = offsets.map((offset) => wall - offset * 60_000).filter((instant) => offsetAt(instant) * 60_000 === wall - instant);
  if (valid.length) return new Date(Math.min(...valid));
  // In the gap: the jump lies between the two readings of the wall time; find it to the minute.
  const candidates = offsets.map((offset) => wall - offset * 60_000);
  let low = Math.min(...candidates);
  let high = Math.max(...candidates);
  const before = offsetAt(low);
  while (high - low > 60_000) {
    const middle = low + Math.floor((high - low) / 120_000) * 60_000;
    if (offsetAt(middle) === before) low = middle;
    else high = middle;
  }
  return new Date(high);
}

/** The UTC bounds [start, end) of a local day: 23, 24 or 25 hours long. */
export function localDayBounds(date: string, zone: string): { start: Date; end: Date } {
  return { start: wallClockToInstant(date, 0, zone), end: wallClockToInstant(addDays(date, 1), 0, zone) };
}

/** When the report of a local day is sent: the next local day, at the send time. */
export function reportSendInstant(reportDate: string, sendAt: string, zone: string): Date {
  const seconds = parseTimeOfDay(sendAt);
  if (seconds === undefined) throw new RangeError(`not a time of day: ${sendAt}`);
  return wallClockToInstant(addDays(reportDate, 1), seconds, zone);
}

/** The latest day whose report is due at `now` (its send instant has passed). */
export function latestDueReportDate(sendAt: string, zone: string, now: Date): string {
  const yesterday = addDays(localDate(now, zone), -1);
  return reportSendInstant(yesterday, sendAt, zone).getTime() <= now.getTime() ? yesterday : addDays(yesterday, -1);
}

export interface PlannedReport {
  /** The local day the report covers. */
  date: string;
  /** When to send it; in the past when it is overdue (catch-up after downtime). */
  sendAt: Date;
  /** Days skipped because they were more than MAX_CATCH_UP_DAYS overdue. */
  skipped: number;
}

/**
 * The next report to send after `lastReported` (the last day reported). With nothing reported yet the
 * schedule starts from `since` (when reports were turned on; now if not given): days whose send time had
 * passed by then are not reported retroactively, and one due since then is due now.
 */
export function nextReport(input: { sendAt: string; zone: string; lastReported: string | null; now: Date; since?: Date }): PlannedReport {
  const latestDue = latestDueReportDate(input.sendAt, input.zone, input.now);
  let date = input.lastReported ? addDays(input.lastReported, 1) : addDays(latestDueReportDate(input.sendAt, input.zone, input.since ?? input.now), 1);
  let skipped = 0;
  const oldestWorthSending = addDays(latestDue, 1 - MAX_CATCH_UP_DAYS);
  if (date < oldestWorthSending) {
    skipped = daysBetween(date, oldestWorthSending);
    date = oldestWorthSending;
  }
  return { date, sendAt: reportSendInstant(date, input.sendAt, input.zone), skipped };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
