import { createHash } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { Database } from './database.ts';
import { emailDeliveries, type EmailKind } from './schema/index.ts';

export interface Recipient { userId: string; name: string; email: string }

/**
 * The Message-ID of the email with this business key: the same key always gives the same id, so a copy
 * sent twice (the crash window SMTP leaves open) is recognisably the same message.
 */
export function messageIdFor(key: string, kind: EmailKind, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'switchboard.invalid';
  return `<${kind.replace(/_/g, '-')}.${createHash('sha256').update(key).digest('base64url').slice(0, 32)}@${domain}>`;
}

/**
 * Records one pending email per recipient under `${keyPrefix}:${userId}`; a key already recorded is left
 * as it is, so planning again (a retried activity, a duplicated event) never adds a second email.
 */
export async function planDeliveries(db: Database, input: {
  orgId: string; inboxId: string; kind: EmailKind; subjectId: string; keyPrefix: string; recipients: Recipient[]; from: string;
}): Promise<string[]> {
  if (!input.recipients.length) return [];
  const rows = input.recipients.map((r) => {
    const key = `${input.keyPrefix}:${r.userId}`;
    return {
      key, orgId: input.orgId, inboxId: input.inboxId, kind: input.kind, subjectId: input.subjectId,
      recipientUserId: r.userId, toAddress: r.email, messageId: messageIdFor(key, input.kind, input.from),
    };
  });
  await db.insert(emailDeliveries).values(rows).onConflictDoNothing();
  return rows.map((row) => row.key);
}

export async function deliveriesByKey(db: Database, keys: string[]) {
  return keys.length ? db.select().from(emailDeliveries).where(inArray(emailDeliveries.key, keys)) : [];
}
