import type { Evaluation } from './evaluation';
import { notApplicable, NotApplicableReason } from './not-applicable';

/** A resource that holds a result of this rule in AWS Config. */
export interface RecordedResult {
  readonly resourceType: string;
  readonly resourceId: string;
}

/**
 * The results an earlier run left behind for resources this run no longer
 * sees: each becomes NOT_APPLICABLE, under the resource type Config stored it
 * with, so dashboards stop showing a deleted certificate as NON_COMPLIANT
 * forever. Only meaningful after a complete periodic listing.
 */
export function clearStaleResults(
  recorded: readonly RecordedResult[],
  current: readonly Evaluation[],
  orderingTimestamp: Date,
): Evaluation[] {
  const seen = new Set(current.map((evaluation) => key(evaluation)));
  const cleared = new Set<string>();
  const verdict = notApplicable(NotApplicableReason.NoLongerPresent);
  const stale: Evaluation[] = [];
  for (const result of recorded) {
    const k = key(result);
    if (seen.has(k) || cleared.has(k)) continue;
    cleared.add(k);
    stale.push({ resourceType: result.resourceType, resourceId: result.resourceId, ...verdict, orderingTimestamp });
  }
  return stale;
}

function key(resource: RecordedResult): string {
  return `${resource.resourceType}\u0000${resource.resourceId}`;
}
