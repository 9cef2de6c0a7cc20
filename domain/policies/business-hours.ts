import { z } from 'zod';
import { clockMessage, parseClock } from './clock.ts';
import { spansByDay, weekdays, type Span, type Weekday } from './open-hours.ts';

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

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;
