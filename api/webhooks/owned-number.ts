import { eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { inboxNumbers } from '../../db/schema/index.ts';
import { notFound } from '../http/problem.ts';

/** The organization is the one owning the dialed number: a number nobody owns is a 404 (CONTRACT.md). */
export async function assertNumberOwned(db: Database, e164: string): Promise<void> {
  const [line] = await db.select({ e164: inboxNumbers.e164 }).from(inboxNumbers).where(eq(inboxNumbers.e164, e164));
  if (!line) throw notFound(`The number ${e164}`);
}
