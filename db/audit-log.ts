import type { Database } from './database.ts';
import { newId } from './ids.ts';
import type { Keyset } from './newest-first.ts';
import { auditLog } from './schema/index.ts';

/** Who made a change: the organization, the API key, and the user it acts for. */
export interface AuditActor {
  orgId: string;
  keyId: string;
  userId: string | null;
}

export interface AuditEntry {
  action: 'create' | 'update' | 'delete';
  resourceType: string;
  resourceId: string;
  before?: unknown;
  after?: unknown;
}

/** Records a configuration change; call it inside the transaction that makes the change. */
export async function recordAudit(db: Database, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    id: newId('aud'),
    orgId: actor.orgId,
    actorKeyId: actor.keyId,
    actorUserId: actor.userId,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}

/** The audit log pages newest first by when each change was made. */
export const auditLogKeyset: Keyset<{ at: Date; id: string }> = { at: auditLog.at, id: auditLog.id, positionOf: (row) => ({ at: row.at, id: row.id }) };
