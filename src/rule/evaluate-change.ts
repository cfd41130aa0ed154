import { judgeCertificate } from '../core/certificate-policy';
import type { CertificateVerdict } from '../core/evaluate-certificate';
import { SERVER_CERTIFICATE_RESOURCE_TYPE, type Evaluation } from '../core/evaluation';
import { notApplicable, NotApplicableReason } from '../core/not-applicable';
import { policyParameters, type RuleParameters } from '../core/rule-parameters';
import type { ServerCertificate } from '../core/server-certificate';
import type { TimeBudget } from '../core/time-budget';
import { ConfigurationItemStatus, type ChangedResource } from '../events/invoking-event';
import { usageNote, withNotes } from './annotation-notes';
import type { CertificateSource, RuleDependencies, UsageRequest } from './ports';
import { ownerNoteOf, tagReaderFor } from './read-tags';

export interface ChangeRun {
  readonly resource: ChangedResource;
  readonly eventLeftScope: boolean;
  /** The window, and whether certificates' tags may override it (off when absent). */
  readonly parameters: Pick<RuleParameters, 'daysToExpiration'> & Partial<Pick<RuleParameters, 'tagOverrides' | 'maxExceptionDays'>>;
  readonly now: Date;
  readonly budget: TimeBudget;
  /** Present when the usage check is on: which regions to scan for consumers. */
  readonly usage?: UsageRequest;
  /** The owner tag to name in the annotation, as periodic runs do; absent: no owner. */
  readonly ownerTagKey?: string;
  /**
   * Told, after the evaluation is made, that the certificate's tags could not
   * be read (it is judged without them and says so); absent: thrown instead.
   */
  readonly onTagReadFailure?: (error: unknown) => void;
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
  const found =
    resource.resourceType === SERVER_CERTIFICATE_RESOURCE_TYPE
      ? await find(dependencies.certificates, run)
      : { verdict: notApplicable(NotApplicableReason.OtherResourceType) };
  const at = { resourceType: resource.resourceType, resourceId: resource.resourceId, orderingTimestamp: resource.captureTime };
  if (!('certificate' in found)) return [{ ...at, ...found.verdict }];
  const { certificate } = found;
  const parameters = policyParameters(run.parameters);
  // One tag read serves the owner and the overrides, as in periodic runs.
  const reader = tagReaderFor(dependencies, run.ownerTagKey, parameters, run.now);
  const tags = reader === undefined ? undefined : (await reader.read([certificate], run.budget))[0];
  const { verdict, note } = judgeCertificate(certificate, run.now, parameters, tags);
  const usage =
    run.usage === undefined || dependencies.usage === undefined
      ? undefined
      : usageNote(certificate, await dependencies.usage.scan(run.usage.regions, run.budget), verdict);
  const owner = run.ownerTagKey === undefined ? undefined : ownerNoteOf(tags, run.ownerTagKey);
  const evaluation = withNotes({ ...at, ...verdict }, [note, usage, owner]);
  reader?.report(run.onTagReadFailure);
  return [evaluation];
}

/** The certificate a change is about, or the NOT_APPLICABLE verdict when there is none to judge. */
async function find(certificates: CertificateSource, run: ChangeRun): Promise<{ certificate: ServerCertificate } | { verdict: CertificateVerdict }> {
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
  const certificate = await findByNameOrId(certificates, resource, run.budget);
  return certificate === undefined ? { verdict: notApplicable(NotApplicableReason.GoneFromIam) } : { certificate };
}

/**
 * The certificate a change names. With no name in the item, the resource id
 * is tried as a name; an id in IAM's `ASCA…` form (a recorder that keys
 * certificates by id) is then looked up in the listing.
 */
async function findByNameOrId(certificates: CertificateSource, resource: ChangedResource, budget: TimeBudget): Promise<ServerCertificate | undefined> {
  const byName = await certificates.get(resource.resourceName ?? resource.resourceId, budget);
  if (byName !== undefined || resource.resourceName !== undefined || !SERVER_CERTIFICATE_ID.test(resource.resourceId)) return byName;
  for await (const page of certificates.pages(budget)) {
    const match = page.find((certificate) => certificate.id === resource.resourceId);
    if (match !== undefined) return match;
  }
  return undefined;
}
