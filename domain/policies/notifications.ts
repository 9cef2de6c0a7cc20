import { z } from 'zod';

export const notificationsPolicySchema = z
  .strictObject({
    watchers: z
      .strictObject({
        missedCall: z.boolean().default(true),
        voicemail: z.boolean().default(true),
        abandonedCall: z.boolean().default(false),
        inboundMessage: z.boolean().default(false),
      })
      .prefault({})
      .meta({ description: "Which events email the inbox's watching users" }),
  })
  .meta({ id: 'NotificationsPolicy' });

export type NotificationsPolicy = z.output<typeof notificationsPolicySchema>;
