import { DateTime } from 'luxon';
import { z } from 'zod';
import { clockMessage, parseClock } from './clock.ts';

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

const clock = z.string().refine((v) => parseClock(v) !== undefined, { error: clockMessage });
const endClock = z.string().refine((v) => parseClock(v, { endOfDay: true }) !== undefined, { error: `${clockMessage}, or 24:00` });
const window = z.tuple([clock, endClock]).meta({ description: 'Open from start to end, local time. An end before the start runs past midnight into the next day.' });
const isoDate = z.iso.date('must be a date as YYYY-MM-DD');

export const businessHoursSchema = z
  .strictObject({
    weekly: z.strictObject(Object.fromEntries(weekdays.map((d) => [d, z.array(window).max(12).optional().meta({ description: `Windows on ${d}` })])) as Record<Weekday, z.ZodOptional<z.ZodArray<typeof window>>>)
      .meta({ description: 'Open windows per weekday; a missing day is closed.' }),
    holidays: z.array(isoDate).max(366).default([]).meta({ description: 'Local dates closed all day.' }),
  })
  .superRefine((hours, ctx) => {
    const spans = spansByDay(hours.weekly);
    weekdays.forEach((day, d) => {
      const today = spans[d]!;
      today.forEach((span, i) => {
        if (span.start === span.end) ctx.addIssue({ code: 'custom', path: ['weekly', day, i], message: 'a window must not start and end at the same time' });
        const clash = today.findIndex((other, j) => j < i && overlaps(span, other));
        if (clash >= 0) ctx.addIssue({ code: 'custom', path: ['weekly', day, i], message: `overlaps window ${clash} of ${day}` });
      });
      // An overnight window must not run into the next day's first hours.
      const next = spans[(d + 1) % 7]!;
      today.forEach((span, i) => {
        if (span.end <= 1440) return;
        const spill = { start: 0, end: span.end - 1440 };
        if (next.some((other) => overlaps(spill, other))) {
          ctx.addIssue({ code: 'custom', path: ['weekly', day, i], message: `runs past midnight into ${weekdays[(d + 1) % 7]}'s hours` });
        }
      });
    });
    const seen = new Set<string>();
    hours.holidays.forEach((date, i) => {
      if (seen.has(date)) ctx.addIssue({ code: 'custom', path: ['holidays', i], message: 'listed twice' });
      seen.add(date);
    });
  });

export type BusinessHours = z.output<typeof businessHoursSchema>;

interface Span { start: number; end: number }
const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/** Windows as minute spans of their own day; an overnight window ends past 1440. */
function spansByDay(weekly: BusinessHours['weekly']): Span[][] {
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
export function isOpenAt(hours: BusinessHours | null, timezone: string, instant: Date): boolean {
  if (!hours) return true;
  const local = DateTime.fromJSDate(instant, { zone: timezone });
  // Zones are validated at the API; a bad one here is a bug, so say which zone rather than fail deeper in.
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
