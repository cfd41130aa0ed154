import { TimeBudget } from '../core/time-budget';

/** One page of a paged AWS list call, reduced to what the loop needs. */
export interface Page<T> {
  readonly items: readonly T[];
  /** The token for the next page; absent on the last page. */
  readonly next: string | undefined;
}

/**
 * Reads every page of a paged AWS call. A hand-written loop rather than the
 * SDK's paginators because each page must carry the invocation's abort signal
 * and check the time budget before it starts, which the paginators do not
 * offer. A token that repeats the previous one ends the loop instead of
 * spinning forever.
 *
 * @param operation the AWS operation, for the time-budget message
 * @param fetchPage fetches the page after `token` (first page: `undefined`)
 */
export async function collectPages<T>(
  operation: string,
  budget: TimeBudget,
  fetchPage: (token: string | undefined, signal: AbortSignal | undefined) => Promise<Page<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const step = `${operation} page ${pages + 1}`;
    budget.ensure(step);
    let page: Page<T>;
    try {
      page = await fetchPage(token, budget.signal());
    } catch (error) {
      budget.throwIfSpentDuring(step, error);
      throw error;
    }
    pages += 1;
    items.push(...page.items);
    token = page.next !== undefined && page.next !== '' && page.next !== token ? page.next : undefined;
  } while (token !== undefined);
  return items;
}
