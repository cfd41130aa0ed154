/**
 * `fn` over every item with at most `limit` calls in flight, results in input
 * order. For per-certificate look-ups (owner tags): parallel enough to take
 * seconds, not minutes, for a page of 1,000, bounded so IAM's request rate
 * limits are met by the SDK's retries rather than a storm.
 */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) {
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
