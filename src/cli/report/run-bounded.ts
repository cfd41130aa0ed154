/** How one task of {@link runBounded} ended. */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * Runs `task` over every item with at most `limit` in flight, keeping every
 * outcome (in input order) instead of stopping at the first failure: one
 * failing account must not hide the others. `onSettled` sees each outcome as
 * it lands, for progress.
 */
export async function runBounded<I, T>(
  items: readonly I[],
  limit: number,
  task: (item: I) => Promise<T>,
  onSettled: (done: number, total: number) => void = () => undefined,
): Promise<Settled<T>[]> {
  const results: Settled<T>[] = new Array<Settled<T>>(items.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = { ok: true, value: await task(items[index] as I) };
      } catch (error) {
        results[index] = { ok: false, error };
      }
      done += 1;
      onSettled(done, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
