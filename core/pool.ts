/**
 * Runs `task(item)` for every item with at most `concurrency` in flight; results keep the
 * input order. The first failure aborts the shared signal (so running tasks stop) and is
 * rethrown once everything has settled.
 */
export async function runPool<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, signal: AbortSignal) => Promise<R>,
): Promise<R[]> {
  const ac = new AbortController();
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: unknown;
  const lane = async () => {
    while (failure === undefined && next < items.length) {
      const i = next++;
      try {
        results[i] = await task(items[i]!, ac.signal);
      } catch (err) {
        failure ??= err;
        ac.abort();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  if (failure !== undefined) throw failure;
  return results;
}
