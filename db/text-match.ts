import { ilike, sql, type Column, type SQL } from 'drizzle-orm';

/** The column contains the text, ignoring case; LIKE's wildcards in the text match only themselves. */
export const containsIgnoringCase = (column: Column, text: string): SQL =>
  ilike(column, `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);

/**
 * A word of the column starts with the text, ignoring case. A word starts the value or follows anything that is
 * not a letter or digit, so "Mary-Jane" is found by "jane".
 */
export const aWordStartsWith = (column: Column, text: string): SQL =>
  sql`${column} ~* ${`(^|[^[:alnum:]])${text.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`)}`}`;
