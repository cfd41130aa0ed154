import { TimeBudget } from '../core/time-budget';
import { RuleError } from '../errors';

/** One page of a paged AWS list call, reduced to what the loop needs. */
export interface Page<T> {
  readonly items: readonly T[];
  /** The token for the next page; absent on the last page. */
  readonly next: string | undefined;
  /**
   * The API's own "more pages" flag, where it has one (IAM's `IsTruncated`):
   * `false` ends the listing whatever `next` says; `true` demands a `next`.
   */
  readonly truncated?: boolean;
}

/**
 * Yields every page of a paged AWS call, as it arrives. A hand-written loop
 * rather than the SDK's paginators because each page must carry the
 * invocation's abort signal and check the time budget before it starts, which
 * the paginators do not offer (and the ELB ones ignore a page size).
 *
 * A listing that cannot be completed fails instead of coming back short: a
 * truncated page without a next token, or a token that was already used. A
 * short list would make a periodic run clear the results of every
 * certificate it did not see, or call a certificate unreferenced.
 *
 * @param operation the AWS operation, for error and time-budget messages
 * @param fetchPage fetches the page after `token` (first page: `undefined`)
 */
export async function* eachPage<T>(
  operation: string,
  budget: TimeBudget,
  fetchPage: (token: string | undefined, signal: AbortSignal | undefined) => Promise<Page<T>>,
): AsyncGenerator<readonly T[]> {
  const used = new Set<string>();
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
    yield page.items;
    token = nextToken(operation, pages, page, used);
  } while (token !== undefined);
}

function nextToken<T>(operation: string, pages: number, page: Page<T>, used: Set<string>): string | undefined {
  const next = page.next === '' ? undefined : page.next;
  if (page.truncated === false) return undefined;
  if (next === undefined) {
    if (page.truncated === true) {
      throw new RuleError(`${operation} page ${pages} says more pages follow but gives no token; the listing cannot be completed`);
    }
    return undefined;
  }
  if (used.has(next)) {
    throw new RuleError(`${operation} page ${pages} repeats an earlier page token; stopping rather than reporting a partial listing`);
  }
  used.add(next);
  return next;
}
