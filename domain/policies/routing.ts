import { z } from 'zod';
import { businessHoursSchema } from './business-hours.ts';

const strategies = ['simultaneous', 'sequential', 'round_robin', 'longest_idle'] as const;

export const routingPolicySchema = z
  .strictObject({
    strategy: z.enum(strategies, { error: `must be one of ${strategies.join(', ')}` }).default('simultaneous')
      .meta({ description: 'simultaneous rings every available agent; the others ring one at a time in their order' }),
    ringTimeoutSec: z.int().min(2).max(120).default(20).meta({ description: 'How long one ring attempt lasts' }),
    maxWaitSec: z.int().min(2).max(3600).default(120).meta({ description: 'Bounds the whole ringing phase' }),
    contactOwnerFirst: z.boolean().default(false)
      .meta({ description: "true: a call from a contact whose owner is a connected, available user of the inbox rings the owner alone for one ringTimeoutSec before the strategy goes on" }),
    businessHours: businessHoursSchema.nullable().default(null).meta({ description: 'null: always open' }),
    afterHours: z.enum(['voicemail', 'hangup'], { error: 'must be voicemail or hangup' }).default('voicemail')
      .meta({ description: 'What a call outside business hours gets' }),
    voicemail: z
      .strictObject({
        enabled: z.boolean().default(true).meta({ description: 'false: an unanswered call ends as missed' }),
        greeting: z.string().trim().min(1).max(1000).default("Sorry, we can't take your call. Please leave a message.")
          .meta({ description: 'Read to the caller before the recording starts' }),
        maxLengthSec: z.int().min(5).max(600).default(120).meta({ description: 'Longest recording, in seconds' }),
      })
      .prefault({})
      .meta({ description: 'Where unanswered and after-hours calls go' }),
  })
  .superRefine((policy, ctx) => {
    if (policy.maxWaitSec < policy.ringTimeoutSec) {
      ctx.addIssue({ code: 'custom', path: ['maxWaitSec'], message: 'must be at least ringTimeoutSec' });
    }
  })
  .meta({ id: 'RoutingPolicy' });

export type RoutingPolicy = z.output<typeof routingPolicySchema>;
