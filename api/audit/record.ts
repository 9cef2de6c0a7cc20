import type { Database } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import { auditLog } from '../../db/schema/index.ts';
import type { OrgCaller } from '../http/auth.ts';

export interface AuditEntry {
  action: 'create' | 'update' | 'delete';
  resourceType: string;
  resourceId: string;
  before?: unknown;
  after?: unknown;
}

/** Records a configuration change; call it inside the transaction that makes the change. */
export async function recordAudit(db: Database, caller: OrgCaller, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    id: newId('aud'),
    orgId: caller.orgId,
    actorKeyId: caller.keyId,
    actorUserId: caller.userId,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}
