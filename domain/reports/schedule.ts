import { DateTime, IANAZone } from 'luxon';

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

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** The local calendar date of an instant in a zone, as YYYY-MM-DD. */
export function localDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

/**
 * The UTC instant a local wall-clock time names. A time the clocks skip (spring forward) resolves to the
 * moment of the jump, the first instant at which that time has passed; a time that happens twice (fall
 * back) resolves to its first occurrence. Either way each local day has exactly one such instant.
 */
function wallClockToInstant(date: string, secondsOfDay: number, zone: string): Date {
  const tz = IANAZone.create(zone);
  const wall = Date.parse(`${date}T00:00:00Z`) + secondsOfDay * 1000;
  // Offsets in force around that day; a zone changes offset at most once within a day or so.
  const offsets = [...new Set([tz.offset(wall - 86_400_000), tz.offset(wall), tz.offset(wall + 86_400_000)])];
  const valid = offsets.map((offset) => wall - offset * 60_000).filter((instant) => tz.offset(instant) * 60_000 === wall - instant);
  if (valid.length) return new Date(Math.min(...valid));
  // In the gap: the jump lies between the two readings of the wall time; find it to the minute.
  const candidates = offsets.map((offset) => wall - offset * 60_000);
  let low = Math.min(...candidates);
  let high = Math.max(...candidates);
  const before = tz.offset(low);
  while (high - low > 60_000) {
    const middle = low + Math.floor((high - low) / 120_000) * 60_000;
    if (tz.offset(middle) === before) low = middle;
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

/** The local hours of a day, one per real hour: 23 on a spring-forward day, 25 when an hour repeats. */
export function localHours(date: string, zone: string): { start: Date; label: string }[] {
  const { start, end } = localDayBounds(date, zone);
  const hours: { start: Date; label: string }[] = [];
  // Hour starts by wall clock, so a half-hour zone (Kolkata) and the hour after a jump line up with the clock.
  for (let t = start.getTime(); t < end.getTime();) {
    const local = DateTime.fromMillis(t, { zone });
    hours.push({ start: new Date(t), label: local.toFormat('HH:mm') });
    const next = local.plus({ hours: 1 }).startOf('hour').toMillis();
    t = next > t ? next : t + 3_600_000;
  }
  return hours;
}
