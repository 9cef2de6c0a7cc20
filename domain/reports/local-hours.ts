import { DateTime } from 'luxon';
import { localDayBounds } from './schedule.ts';

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
