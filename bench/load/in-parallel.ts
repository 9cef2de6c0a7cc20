/** Runs `task(0)` … `task(count - 1)`, at most `parallel` at a time; resolves with their results in index order. */
export async function inParallel<T>(count: number, parallel: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, async () => {
    for (let i = next++; i < count; i = next++) results[i] = await task(i);
  }));
  return results;
}
