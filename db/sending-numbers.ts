import { and, eq } from 'drizzle-orm';
import type { Database } from './database.ts';
import { inboxNumbers } from './schema/index.ts';

export interface SendingLine {
  e164: string;
  inboxId: string;
}

/** The organization's number with this E.164 form, and its inbox. */
export async function orgNumber(db: Database, orgId: string, e164: string): Promise<SendingLine | undefined> {
  const [line] = await db.select({ e164: inboxNumbers.e164, inboxId: inboxNumbers.inboxId }).from(inboxNumbers)
    .where(and(eq(inboxNumbers.orgId, orgId), eq(inboxNumbers.e164, e164)));
  return line;
}

/** The inbox's primary number, if it has one. */
export async function primaryNumber(db: Database, inboxId: string): Promise<SendingLine | undefined> {
  const [line] = await db.select({ e164: inboxNumbers.e164, inboxId: inboxNumbers.inboxId }).from(inboxNumbers)
    .where(and(eq(inboxNumbers.inboxId, inboxId), eq(inboxNumbers.primary, true)));
  return line;
}
