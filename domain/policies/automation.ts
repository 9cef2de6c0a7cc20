import { z } from 'zod';
import { isoDurationSchema } from './duration.ts';

export const automationPolicySchema = z
  .strictObject({
    autoMarkReadAfter: isoDurationSchema.nullable().default(null).meta({ description: 'Unread items older than this are marked read; null: off' }),
    manualMarkReadOnly: z.boolean().default(false).meta({ description: "Only an explicit mark (or the timer) changes read state; replies and answered calls don't" }),
    afterHoursAutoReply: z
      .strictObject({ body: z.string().trim().min(1).max(480).meta({ description: 'The SMS text' }) })
      .nullable()
      .default(null)
      .meta({ description: 'SMS sent after hours, once per conversation per day; null: none' }),
  })
  .meta({ id: 'AutomationPolicy' });

export type AutomationPolicy = z.output<typeof automationPolicySchema>;
