/** Raw query results: postgres.js answers an array, PGlite an object with rows. Both become an array. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
