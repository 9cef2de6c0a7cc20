import { and, eq, sql } from 'drizzle-orm';
import type { Database } from './database.ts';
import { communications } from './schema/index.ts';

/** Adds a transcription that arrives after its voicemail was recorded (Twilio transcribes later); safe to repeat. */
export async function recordVoicemailTranscription(db: Database, orgId: string, callId: string, transcription: string): Promise<boolean> {
  const updated = await db.update(communications)
    .set({ details: sql`coalesce(${communications.details}, '{}'::jsonb) || jsonb_build_object('transcription', ${transcription}::text)`, updatedAt: new Date() })
    .where(and(eq(communications.orgId, orgId), eq(communications.kind, 'voicemail'), eq(communications.externalId, callId)))
    .returning({ id: communications.id });
  return updated.length > 0;
}
