import { addDays, isoDateOf, wallClockAt } from '../zone-time.ts';
import { parseClock } from './clock.ts';

// Free of zod and luxon: workflows ask isOpenAt, and each workflow sandbox evaluates what they import.
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** Business hours as the routing policy holds them once validated (business-hours.ts has the schema). */
export interface OpenHours {
  weekly: Partial<Record<Weekday, [string, string][]>>;
  holidays: string[];
}

export interface Span { start: number; end: number }

/** Windows as minute spans of their own day; an overnight window ends past 1440. */
export function spansByDay(weekly: OpenHours['weekly']): Span[][] {
  return weekdays.map((day) =>
    (weekly[day] ?? []).map(([from, to]) => {
      const start = parseClock(from)!;
      const end = parseClock(to, { endOfDay: true })!;
      return { start, end: end < start ? end + 1440 : end };
    }),
  );
}

/**
 * Whether the inbox is open at this instant, reading its hours in its own timezone. Wall-clock windows
 * follow DST: on a spring-forward day 01:00–03:00 lasts one hour. A holiday closes its local day; the
 * early-morning spill of the previous evening's overnight window still counts as the previous day's.
 */
export function isOpenAt(hours: OpenHours | null, timezone: string, instant: Date): boolean {
  if (!hours) return true;
  const local = wallClockAt(instant, timezone);
  const minute = local.hour * 60 + local.minute;
  const spans = spansByDay(hours.weekly);
  const holidays = new Set(hours.holidays);
  const today = local.weekday - 1;
  const date = isoDateOf(local);
  if (!holidays.has(date) && spans[today]!.some((s) => minute >= s.start && minute < s.end)) return true;
  if (holidays.has(addDays(date, -1))) return false;
  return spans[(today + 6) % 7]!.some((s) => s.end > 1440 && minute < s.end - 1440);
}
