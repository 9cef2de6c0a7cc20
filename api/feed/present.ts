import { z } from 'zod';
import type { FeedRow } from './queries.ts';

export const toIso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** The contact a feed item, conversation or call is with, and the phone it used. */
export const contactRefSchema = z
  .object({ id: z.string(), name: z.string().nullable(), phone: z.string().meta({ description: 'E.164' }) })
  .meta({ id: 'ContactRef' });

/** The other party's number: the caller or sender of an inbound item, the one called or texted of an outbound one. */
export const otherParty = (row: { direction: string; from_e164: string; to_e164: string }) => (row.direction === 'inbound' ? row.from_e164 : row.to_e164);

export const feedItemSchema = z
  .object({
    id: z.string(), kind: z.enum(['call', 'voicemail', 'message']), direction: z.enum(['inbound', 'outbound']), status: z.string(),
    conversationId: z.string(), externalId: z.string().meta({ description: "The carrier's call or message id" }),
    contact: contactRefSchema, from: z.string(), to: z.string(), body: z.string().nullable(),
    agentUserId: z.string().nullable(), durationSec: z.number().nullable(), occurredAt: z.string(), answeredAt: z.string().nullable(),
    endedAt: z.string().nullable(), read: z.boolean(), readAt: z.string().nullable(),
    readBy: z.string().nullable().meta({ description: 'A user id, or "auto" when the auto-mark-as-read automation cleared it' }),
    autoRead: z.boolean(), recordingUrl: z.string().nullable(), transcription: z.string().nullable(),
  })
  .meta({ id: 'FeedItem' });

export function presentItem(row: FeedRow) {
  const details = (row.details ?? {}) as { recordingUrl?: string; transcription?: string | null };
  return {
    id: row.id, kind: row.kind, direction: row.direction, status: row.status, conversationId: row.conversation_id, externalId: row.external_id,
    contact: { id: row.contact_id, name: row.contact_name, phone: otherParty(row) }, from: row.from_e164, to: row.to_e164, body: row.body,
    agentUserId: row.agent_user_id, durationSec: row.duration_sec, occurredAt: toIso(row.occurred_at)!, answeredAt: toIso(row.answered_at),
    endedAt: toIso(row.ended_at), read: row.read_at !== null, readAt: toIso(row.read_at), readBy: row.read_by, autoRead: row.read_by === 'auto',
    recordingUrl: details.recordingUrl ?? null, transcription: details.transcription ?? null,
  };
}
