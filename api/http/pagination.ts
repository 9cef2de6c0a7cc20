import { and, eq, lt, or, type Column, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { badRequest } from './problem.ts';

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ description: 'Items per page (1–200).' }),
  cursor: z.string().optional().meta({ description: 'The nextCursor of the previous page.' }),
});

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** An opaque cursor: the keyset position of the last item shown, as base64url JSON. */
export function encodeCursor(position: (string | number)[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Reads a cursor back; anything not issued by encodeCursor in this shape is a 400 on `cursor`. */
export function decodeCursor<T>(cursor: string | undefined, shape: z.ZodType<T>): T | undefined {
  if (!cursor) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    decoded = undefined;
  }
  const parsed = shape.safeParse(decoded);
  if (!parsed.success) throw badRequest('The cursor is not one this API issued.', [{ path: 'cursor', message: 'invalid cursor' }]);
  return parsed.data;
}

// Lists are ordered by (createdAt desc, id desc); their cursor is that pair.
const listPosition = z.tuple([z.iso.datetime(), z.string()]);

/** Takes limit+1 rows and turns them into a page with the cursor of its last item. */
export function toPage<T, R extends { createdAt: Date; id: string }>(rows: R[], limit: number, present: (row: R) => T) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(present), nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null };
}

/** The keyset condition "after this position" for lists ordered by (createdAt desc, id desc). */
export function afterPosition(createdAt: Column, id: Column, cursor: string | undefined): SQL | undefined {
  const after = decodeCursor(cursor, listPosition);
  if (!after) return undefined;
  const at = new Date(after[0]);
  return or(lt(createdAt, at), and(eq(createdAt, at), lt(id, after[1])));
}
