import { z } from 'zod';
import { e164Schema as e164 } from '../phone-numbers.ts';

const messageId = z.string().min(1).max(128).regex(/^[\w.:-]+$/, 'may hold letters, digits and . _ : - only');
const occurredAt = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 timestamp' });

const messageStatuses = ['sent', 'delivered', 'failed'] as const;

export const messageEventSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('message.received'), messageId, from: e164, to: e164, body: z.string().max(10_000), occurredAt }),
    z.object({ type: z.literal('message.status'), messageId, status: z.enum(messageStatuses), occurredAt }),
  ], { error: 'type must be message.received or message.status' })
  .meta({ id: 'MessageEvent' });

export type MessageEvent = z.output<typeof messageEventSchema>;
export type InboundMessage = Extract<MessageEvent, { type: 'message.received' }>;

