import { z } from 'zod';
import type { ListPosition, Page, PageRequest } from '../../db/newest-first.ts';
import { badRequest } from './problem.ts';
import { findUnacceptableText } from './text-guard.ts';

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
  // A forged cursor can smuggle NUL or lone surrogates (as JSON escapes) past the query-string check.
  if (!parsed.success || findUnacceptableText(decoded)) throw badRequest('The cursor is not one this API issued.', [{ path: 'cursor', message: 'invalid cursor' }]);
  return parsed.data;
}

// Newest-first lists (db/newest-first.ts) carry their position as [ISO time, id].
const listPosition = z.tuple([z.iso.datetime(), z.string()]);

/** The page a list query asks for: its limit, and where the cursor says the previous page stopped. */
export function pageRequest(query: { limit: number; cursor?: string }): PageRequest {
  const after = decodeCursor(query.cursor, listPosition);
  return { limit: query.limit, after: after && { at: new Date(after[0]), id: after[1] } };
}

/** A page as the API answers it: its items presented, and the cursor of the next page. */
export function toPage<R, T>(page: Page<R>, present: (row: R) => T) {
  return { items: page.rows.map(present), nextCursor: page.next && encodeListCursor(page.next) };
}

const encodeListCursor = (position: ListPosition) => encodeCursor([position.at.toISOString(), position.id]);
