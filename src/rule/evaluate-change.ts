import { evaluateCertificate, type CertificateVerdict } from '../core/evaluate-certificate';
import { SERVER_CERTIFICATE_RESOURCE_TYPE, type Evaluation } from '../core/evaluation';
import { notApplicable, NotApplicableReason } from '../core/not-applicable';
import type { RuleParameters } from '../core/rule-parameters';
import type { ServerCertificate } from '../core/server-certificate';
import type { TimeBudget } from '../core/time-budget';
import { ConfigurationItemStatus, type ChangedResource } from '../events/invoking-event';
import { ownerAnnotationNote, usageNote, withNotes } from './annotation-notes';
import { ownersOf } from './owners';
import type { CertificateSource, RuleDependencies, UsageRequest } from './ports';

export interface ChangeRun {
  readonly resource: ChangedResource;
  readonly eventLeftScope: boolean;
  readonly parameters: Pick<RuleParameters, 'daysToExpiration'>;
  readonly now: Date;
  readonly budget: TimeBudget;
  /** Present when the usage check is on: which regions to scan for consumers. */
  readonly usage?: UsageRequest;
  /** The owner tag to name in the annotation, as periodic runs do; absent: no owner. */
  readonly ownerTagKey?: string;
}

// IAM unique ids of server certificates: "ASCA" and uppercase letters and digits
// (IAM User Guide, "IAM identifiers", unique ID prefixes).
const SERVER_CERTIFICATE_ID = /^ASCA[A-Z0-9]+$/;

/**
 * The change-triggered check of one certificate. The configuration item has
 * no expiry date for this resource type, so the certificate is read from IAM
 * by name: `resourceName`, else the item's configured name, else the
 * `resourceId` (which Config's schema makes the name). Deleted, unrecorded,
 * out-of-scope and vanished certificates are NOT_APPLICABLE, and so is a
 * resource of another type (as rdklib does), rather than a failed invocation
 * that Config would retry forever. Stale results are never cleared here: one
 * changed item says nothing about the others.
 */
export async function evaluateChange(
  dependencies: Pick<RuleDependencies, 'certificates' | 'usage' | 'tags'>,
  run: ChangeRun,
): Promise<Evaluation[]> {
  const { resource } = run;
  const { certificate, verdict } =
    resource.resourceType === SERVER_CERTIFICATE_RESOURCE_TYPE
      ? await judge(dependencies.certificates, run)
      : { certificate: undefined, verdict: notApplicable(NotApplicableReason.OtherResourceType) };
  const evaluation: Evaluation = {
    resourceType: resource.resourceType,
    resourceId: resource.resourceId,
    ...verdict,
    orderingTimestamp: resource.captureTime,
  };
  if (certificate === undefined) return [evaluation];
  const usage =
    run.usage === undefined || dependencies.usage === undefined
      ? undefined
      : usageNote(certificate, await dependencies.usage.scan(run.usage.regions, run.budget), verdict);
  const tags = dependencies.tags;
  const owner =
    run.ownerTagKey === undefined || tags === undefined
      ? undefined
      : ownerAnnotationNote((await ownersOf([certificate], tags, run.ownerTagKey, run.budget))[0]);
  return [withNotes(evaluation, [usage, owner])];
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
      // OK, ResourceDiscovered, and any status AWS adds later: the certificate exists.
      break;
  }
  if (run.eventLeftScope) return { verdict: notApplicable(NotApplicableReason.LeftScope) };
  const certificate = await find(certificates, resource, run.budget);
  if (certificate === undefined) return { verdict: notApplicable(NotApplicableReason.GoneFromIam) };
  return { certificate, verdict: evaluateCertificate(certificate, run.now, run.parameters) };
}

/**
 * The certificate a change names. With no name in the item, the resource id
 * is tried as a name; an id in IAM's `ASCA…` form (a recorder that keys
 * certificates by id) is then looked up in the listing.
 */
async function find(certificates: CertificateSource, resource: ChangedResource, budget: TimeBudget): Promise<ServerCertificate | undefined> {
  const byName = await certificates.get(resource.resourceName ?? resource.resourceId, budget);
  if (byName !== undefined || resource.resourceName !== undefined || !SERVER_CERTIFICATE_ID.test(resource.resourceId)) return byName;
  for await (const page of certificates.pages(budget)) {
    const match = page.find((certificate) => certificate.id === resource.resourceId);
    if (match !== undefined) return match;
  }
  return undefined;
}
