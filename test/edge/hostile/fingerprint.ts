import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/database.ts';

/**
 * A function answering one string that changes whenever any row of any table is inserted, updated or
 * deleted: each table's row count and the sum of its rows' hashes, in one query.
 */
export async function databaseFingerprint(db: Database): Promise<() => Promise<string>> {
  const tables = await db.execute<{ name: string }>(
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const rows = Array.isArray(tables) ? tables : (tables as { rows: { name: string }[] }).rows;
  const parts = rows.map(({ name }) => `select '${name}:' || count(*) || ':' || coalesce(sum(hashtext(t::text)::bigint), 0) as part from "${name}" t`);
  const query = sql.raw(`select string_agg(part, ',') as fingerprint from (${parts.join(' union all ')}) parts`);
  return async () => {
    const result = await db.execute<{ fingerprint: string }>(query);
    const [row] = Array.isArray(result) ? result : (result as { rows: { fingerprint: string }[] }).rows;
    return row!.fingerprint;
  };
}
