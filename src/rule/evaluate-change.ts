import { evaluateCertificate, type CertificateVerdict } from '../core/evaluate-certificate';
import { SERVER_CERTIFICATE_RESOURCE_TYPE, type Evaluation } from '../core/evaluation';
import { notApplicable, NotApplicableReason } from '../core/not-applicable';
import type { RuleParameters } from '../core/rule-parameters';
import type { ServerCertificate } from '../core/server-certificate';
import type { TimeBudget } from '../core/time-budget';
import { InvalidEventError, UnsupportedEventError } from '../errors';
import { ConfigurationItemStatus, type ChangedResource } from '../events/invoking-event';
import { annotateUsage } from './annotate-usage';
import type { CertificateSource, RuleDependencies } from './ports';

export interface ChangeRun {
  readonly resource: ChangedResource;
  /** Path of the configuration item in the event, for error messages. */
  readonly itemPath: string;
  readonly eventLeftScope: boolean;
  readonly parameters: Pick<RuleParameters, 'daysToExpiration'>;
  readonly now: Date;
  readonly budget: TimeBudget;
  /** Regions to scan for consumers when the usage check is on; absent: off. */
  readonly usageRegions?: readonly string[];
}

/**
 * The change-triggered check of one certificate. The configuration item has
 * no expiry date for this resource type, so the certificate is read from IAM
 * by name. Deleted, unrecorded, out-of-scope and vanished certificates are
 * NOT_APPLICABLE. Stale results are never cleared here: one changed item says
 * nothing about the others.
 */
export async function evaluateChange(
  dependencies: Pick<RuleDependencies, 'certificates' | 'usage'>,
  run: ChangeRun,
): Promise<Evaluation[]> {
  const { resource } = run;
  if (resource.resourceType !== SERVER_CERTIFICATE_RESOURCE_TYPE) {
    throw new UnsupportedEventError(
      `Unsupported ${run.itemPath}.resourceType ${JSON.stringify(resource.resourceType.slice(0, 80))}: ` +
        `this rule evaluates only ${SERVER_CERTIFICATE_RESOURCE_TYPE}; scope the rule to that type`,
    );
  }
  const { certificate, verdict } = await judge(dependencies.certificates, run);
  const evaluation: Evaluation = {
    resourceType: resource.resourceType,
    resourceId: resource.resourceId,
    ...verdict,
    orderingTimestamp: resource.captureTime,
  };
  if (certificate === undefined || run.usageRegions === undefined || dependencies.usage === undefined) return [evaluation];
  const inventory = await dependencies.usage.scan(run.usageRegions, run.budget);
  return annotateUsage([{ certificate, evaluation }], inventory);
}

async function judge(
  certificates: CertificateSource,
  run: ChangeRun,
): Promise<{ certificate?: ServerCertificate; verdict: CertificateVerdict }> {
  const { resource } = run;
  switch (resource.status) {
    case ConfigurationItemStatus.ResourceDeleted:
    case ConfigurationItemStatus.ResourceDeletedNotRecorded:
      return { verdict: notApplicable(NotApplicableReason.Deleted) };
    case ConfigurationItemStatus.ResourceNotRecorded:
      return { verdict: notApplicable(NotApplicableReason.NotRecorded) };
    default:
      break;
  }
  if (run.eventLeftScope) return { verdict: notApplicable(NotApplicableReason.LeftScope) };
  if (resource.resourceName === undefined || resource.resourceName === '') {
    throw new InvalidEventError(
      `${run.itemPath}.resourceName`,
      'must name the certificate: IAM looks server certificates up by name',
    );
  }
  const certificate = await certificates.get(resource.resourceName, run.budget);
  if (certificate === undefined) return { verdict: notApplicable(NotApplicableReason.GoneFromIam) };
  return { certificate, verdict: evaluateCertificate(certificate, run.now, run.parameters) };
}
