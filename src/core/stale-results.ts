import type { Evaluation } from './evaluation';
import { notApplicable, NotApplicableReason } from './not-applicable';

/** A resource that holds a result of this rule in AWS Config. */
export interface RecordedResult {
  readonly resourceType: string;
  readonly resourceId: string;
}

/** One key per resource type and id, for sets of results. */
export function resultKey(resource: RecordedResult): string {
  return `${resource.resourceType}\u0000${resource.resourceId}`;
}

/**
 * The results an earlier run left behind for resources this run did not
 * report: each becomes NOT_APPLICABLE, under the resource type Config stored
 * it with, so dashboards stop showing a deleted certificate as NON_COMPLIANT
 * forever. Only meaningful after a complete periodic listing.
 *
 * @param reported {@link resultKey}s of every evaluation this run reported
 */
export function clearStaleResults(
  recorded: readonly RecordedResult[],
  reported: ReadonlySet<string>,
  orderingTimestamp: Date,
): Evaluation[] {
  const cleared = new Set<string>();
  const verdict = notApplicable(NotApplicableReason.NoLongerPresent);
  const stale: Evaluation[] = [];
  for (const result of recorded) {
    const k = resultKey(result);
    if (reported.has(k) || cleared.has(k)) continue;
    cleared.add(k);
    stale.push({ resourceType: result.resourceType, resourceId: result.resourceId, ...verdict, orderingTimestamp });
  }
  return stale;
}
