import { eq } from 'drizzle-orm';
import type { Database } from './database.ts';
import { inboxNumbers } from './schema/index.ts';

export type InboxNumberRow = typeof inboxNumbers.$inferSelect;

/** The inbox number with this E.164 form, whichever organization owns it (numbers are unique across the deployment). */
export async function findInboxNumber(db: Database, e164: string): Promise<InboxNumberRow | undefined> {
  const [line] = await db.select().from(inboxNumbers).where(eq(inboxNumbers.e164, e164));
  return line;
}
