import { eq, sql } from 'drizzle-orm';
import type { OutboundCallInput } from '../domain/calls/outbound-call.ts';
import type { Database } from './database.ts';
import { newId } from './ids.ts';
import { communications, conversations } from './schema/index.ts';

/**
 * Records an outbound call as dialing, read (the agent placed it), with the agent on it; keyed by the call id,
 * so the API and the workflow may both write it and the first one wins.
 */
export async function recordOutboundCall(db: Database, input: OutboundCallInput): Promise<void> {
  const at = new Date(input.requestedAt);
  const inserted = await db.insert(communications).values({
    id: newId('com'), orgId: input.orgId, inboxId: input.inboxId, conversationId: input.conversationId, kind: 'call', direction: 'outbound',
    externalId: input.callId, status: 'dialing', fromE164: input.from, toE164: input.to, agentUserId: input.agent.userId,
    occurredAt: at, readAt: at, readBy: input.agent.userId,
  }).onConflictDoNothing().returning({ id: communications.id });
  if (inserted.length === 0) return;
  await db.update(conversations).set({ lastActivityAt: sql`greatest(${conversations.lastActivityAt}, ${at.toISOString()}::timestamptz)` })
    .where(eq(conversations.id, input.conversationId));
}
