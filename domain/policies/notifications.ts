import { z } from 'zod';

export const notificationsPolicySchema = z
  .strictObject({
    watchers: z
      .strictObject({
        missedCall: z.boolean().default(true).meta({ description: 'A call nobody answered and no voicemail was left' }),
        voicemail: z.boolean().default(true).meta({ description: 'A voicemail was left' }),
        abandonedCall: z.boolean().default(false).meta({ description: 'The caller hung up before anyone answered' }),
        inboundMessage: z.boolean().default(false).meta({ description: 'An SMS arrived' }),
      })
      .prefault({})
      .meta({ description: "Which events email the inbox's watching users" }),
  })
  .meta({ id: 'NotificationsPolicy' });

export type NotificationsPolicy = z.output<typeof notificationsPolicySchema>;
