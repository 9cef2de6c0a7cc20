import { and, eq, lt, or, type Column, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { badRequest } from './problem.ts';

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ description: 'Items per page (1–200).' }),
  cursor: z.string().optional().meta({ description: 'The nextCursor of the previous page.' }),
});

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Keyset position: the (createdAt, id) of the last item on the previous page. */
export interface PagePosition {
  at: Date;
  id: string;
}

export function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): PagePosition | undefined {
  if (!cursor) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    const date = new Date(at);
    if (typeof id !== 'string' || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { at: date, id };
  } catch {
    throw badRequest('The cursor is not one this API issued.', [{ path: 'cursor', message: 'invalid cursor' }]);
  }
}

/** Takes limit+1 rows and turns them into a page with the cursor of its last item. */
export function toPage<T, R extends { createdAt: Date; id: string }>(rows: R[], limit: number, present: (row: R) => T) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(present), nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
}

/** The keyset condition "after this position" for lists ordered by (createdAt desc, id desc). */
export function afterPosition(createdAt: Column, id: Column, cursor: string | undefined): SQL | undefined {
  const after = decodeCursor(cursor);
  return after ? or(lt(createdAt, after.at), and(eq(createdAt, after.at), lt(id, after.id))) : undefined;
}
