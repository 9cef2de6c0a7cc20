import type { Database } from '../../db/database.ts';
import { findInboxNumber } from '../../db/inbox-numbers.ts';
import { notFound } from '../http/problem.ts';

/** The organization is the one owning the dialed number: a number nobody owns is a 404 (docs/api.md, "Webhooks"). */
export async function assertNumberOwned(db: Database, e164: string): Promise<void> {
  if (!(await findInboxNumber(db, e164))) throw notFound(`The number ${e164}`);
}
