import { z } from 'zod';
import { durationToMs } from './iso-duration.ts';

const MIN_MS = 1000;
const MAX_MS = 366 * 24 * 3600 * 1000;

export const isoDurationSchema = z
  .string()
  .superRefine((value, ctx) => {
    const ms = durationToMs(value);
    if (value.startsWith('-')) ctx.addIssue({ code: 'custom', message: 'must be positive; negative durations are not allowed' });
    else if (ms === undefined) ctx.addIssue({ code: 'custom', message: 'must be an ISO-8601 duration such as "P30D" or "PT5S"' });
    else if (ms < MIN_MS) ctx.addIssue({ code: 'custom', message: 'must be at least one second' });
    else if (ms > MAX_MS) ctx.addIssue({ code: 'custom', message: 'must be at most one year (P366D)' });
  })
  .meta({ description: 'ISO-8601 duration from PT1S to P366D', example: 'P30D' });
