import { z } from 'zod';
import { parseTimeOfDay } from '../reports/schedule.ts';

const recipientGroups = ['connected', 'watching', 'team_supervisors', 'team_members'] as const;
export type RecipientGroup = (typeof recipientGroups)[number];

export const reportsPolicySchema = z
  .strictObject({
    dailyActivity: z
      .strictObject({
        enabled: z.boolean().default(false).meta({ description: 'false: no report is mailed' }),
        sendAt: z.string().refine((v) => parseTimeOfDay(v) !== undefined, { error: 'must be a time of day as HH:MM (or HH:MM:SS), 00:00 to 23:59' }).default('08:00')
          .meta({ description: "Local time in the inbox's timezone, HH:MM or HH:MM:SS. A time the clocks skip that day sends at the jump; a repeated time sends at its first occurrence." }),
        recipients: z
          .array(z.enum(recipientGroups, { error: `must be one of ${recipientGroups.join(', ')}` }))
          .min(1, 'needs at least one recipient group')
          .refine((groups) => new Set(groups).size === groups.length, { error: 'lists a group twice' })
          .default(['watching'])
          .meta({ description: 'Groups mailed the report, resolved when it is sent' }),
      })
      .prefault({})
      .meta({ description: 'The daily activity report, mailed once a local day' }),
  })
  .meta({ id: 'ReportsPolicy' });

export type ReportsPolicy = z.output<typeof reportsPolicySchema>;
