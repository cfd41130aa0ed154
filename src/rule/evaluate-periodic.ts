import { evaluateCertificate } from '../core/evaluate-certificate';
import { SERVER_CERTIFICATE_RESOURCE_TYPE, type Evaluation } from '../core/evaluation';
import type { RuleParameters } from '../core/rule-parameters';
import { clearStaleResults } from '../core/stale-results';
import type { TimeBudget } from '../core/time-budget';
import { annotateUsage } from './annotate-usage';
import type { RuleDependencies } from './ports';

export interface PeriodicRun {
  readonly ruleName: string;
  readonly parameters: Pick<RuleParameters, 'daysToExpiration'>;
  /** The instant expiry is judged against. */
  readonly now: Date;
  /** The notification's creation time, which Config orders results by. */
  readonly orderingTimestamp: Date;
  /** Stops new reads once the invocation's time is nearly spent. */
  readonly budget: TimeBudget;
  /** Regions to scan for consumers when the usage check is on; absent: off. */
  readonly usageRegions?: readonly string[];
}

/**
 * The periodic check: every certificate in IAM gets a verdict, under the id
 * Config recorded for it (falling back to the certificate name where the
 * recorder does not know it), and every earlier result for a certificate that
 * is gone becomes NOT_APPLICABLE.
 */
export async function evaluatePeriodic(dependencies: RuleDependencies, run: PeriodicRun): Promise<Evaluation[]> {
  // Independent reads: in parallel, so wall time is the longest, not the sum.
  const [certificates, idsByName, recorded, inventory] = await Promise.all([
    dependencies.certificates.listAll(run.budget),
    dependencies.resourceIds.serverCertificateIdsByName(run.budget),
    dependencies.recordedResults.compliantOrNonCompliant(run.ruleName, run.budget),
    run.usageRegions !== undefined && dependencies.usage !== undefined
      ? dependencies.usage.scan(run.usageRegions, run.budget)
      : undefined,
  ]);
  const judged = certificates.map((certificate) => ({
    certificate,
    evaluation: {
      resourceType: SERVER_CERTIFICATE_RESOURCE_TYPE,
      resourceId: idsByName.get(certificate.name) ?? certificate.name,
      ...evaluateCertificate(certificate, run.now, run.parameters),
      orderingTimestamp: run.orderingTimestamp,
    },
  }));
  const evaluations = inventory === undefined ? judged.map((j) => j.evaluation) : annotateUsage(judged, inventory);
  return [...evaluations, ...clearStaleResults(recorded, evaluations, run.orderingTimestamp)];
}
