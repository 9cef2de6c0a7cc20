const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "HH:MM" → minutes after midnight; "24:00" only where an end of day is meant. */
export function parseClock(value: string, options: { endOfDay?: boolean } = {}): number | undefined {
  if (options.endOfDay && value === '24:00') return 1440;
  const match = CLOCK.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

export const clockMessage = 'must be a time of day as HH:MM, 00:00 to 23:59';
