import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { PgColumn, PgSelect } from 'drizzle-orm/pg-core';

/** Where a newest-first list stopped: the time and id of the last item shown. */
export interface ListPosition {
  at: Date;
  id: string;
}

export interface PageRequest {
  after?: ListPosition;
  limit: number;
}

export interface Page<R> {
  rows: R[];
  /** The position to continue from, or null on the last page. */
  next: ListPosition | null;
}

/** The order of a newest-first list: a time column, the id that breaks ties, and how to read both from a row. */
export interface Keyset<R> {
  at: PgColumn;
  id: PgColumn;
  positionOf(row: R): ListPosition;
}

/** The keyset of a table ordered by when its rows were created. */
export const byCreation = (table: { createdAt: PgColumn; id: PgColumn }): Keyset<{ createdAt: Date; id: string }> => ({
  at: table.createdAt,
  id: table.id,
  positionOf: (row) => ({ at: row.createdAt, id: row.id }),
});

/**
 * One page of a list ordered by (at desc, id desc), after a position. Keyset paging: items created while a
 * client pages land before its first page, never inside later ones. One row more than asked tells whether
 * another page follows. `query` is a dynamic select (`db.select().from(t).$dynamic()`); `where` its filter.
 */
export async function newestFirst<Q extends PgSelect>(
  query: Q,
  keyset: Keyset<Awaited<Q>[number]>,
  where: SQL | undefined,
  page: PageRequest,
): Promise<Page<Awaited<Q>[number]>> {
  const { after, limit } = page;
  const past = after && or(lt(keyset.at, after.at), and(eq(keyset.at, after.at), lt(keyset.id, after.id)));
  const found: Awaited<Q>[number][] = await query.where(and(where, past)).orderBy(desc(keyset.at), desc(keyset.id)).limit(limit + 1);
  const rows = found.slice(0, limit);
  const last = rows.at(-1);
  return { rows, next: found.length > limit && last ? keyset.positionOf(last) : null };
}
