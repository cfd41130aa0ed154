import { isoSeconds } from './annotation';
import { ComplianceType } from './compliance-type';
import { cisRequirements, SECURITY_HUB_CONTROL } from './compliance-references';
import { ExpiryState, wholeDaysLeft, type CertificateVerdict } from './evaluate-certificate';
import type { ServerCertificate } from './server-certificate';

/**
 * The ASFF version every finding is written in (Security Hub User Guide,
 * "AWS Security Finding Format (ASFF)", `SchemaVersion`).
 */
export const ASFF_SCHEMA_VERSION = '2018-10-08';

/** Days left at or under which a failing certificate is HIGH, whatever the rule's window. */
export const URGENT_DAYS = 7;

/**
 * Finding types, from the ASFF types taxonomy (namespace/category/classifier:
 * "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS
 * Foundations Benchmark" and ".../AWS Security Best Practices").
 */
export const FINDING_TYPES = [
  'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark',
  'Software and Configuration Checks/AWS Security Best Practices',
] as const;

/** Security Hub severity labels (ASFF `Severity.Label`). */
export const SeverityLabel = {
  Informational: 'INFORMATIONAL',
  Medium: 'MEDIUM',
  High: 'HIGH',
} as const;

export type SeverityLabel = (typeof SeverityLabel)[keyof typeof SeverityLabel];

/** ASFF `Compliance.Status` values this rule writes. */
export const ComplianceStatus = {
  Passed: 'PASSED',
  Failed: 'FAILED',
  NotAvailable: 'NOT_AVAILABLE',
} as const;

export type ComplianceStatus = (typeof ComplianceStatus)[keyof typeof ComplianceStatus];

/**
 * The subset of an ASFF finding this rule writes, in ASFF's own field names,
 * so it goes to `BatchImportFindings` unchanged. Limits from the ASFF syntax
 * reference: `Title` 256 characters, `Description` 1,024.
 */
export interface SecurityHubFinding {
  readonly SchemaVersion: typeof ASFF_SCHEMA_VERSION;
  readonly Id: string;
  readonly ProductArn: string;
  readonly GeneratorId: string;
  readonly AwsAccountId: string;
  readonly Types: readonly string[];
  readonly CreatedAt: string;
  readonly UpdatedAt: string;
  readonly FirstObservedAt: string;
  readonly LastObservedAt: string;
  readonly Severity: { readonly Label: SeverityLabel; readonly Original: string };
  /** Providers update severity and types here, so a customer's own changes to the top-level fields survive. */
  readonly FindingProviderFields: { readonly Severity: { readonly Label: SeverityLabel; readonly Original: string }; readonly Types: readonly string[] };
  readonly Title: string;
  readonly Description: string;
  readonly Remediation: { readonly Recommendation: { readonly Text: string; readonly Url: string } };
  readonly ProductFields: Readonly<Record<string, string>>;
  readonly Resources: readonly FindingResource[];
  readonly Compliance: { readonly Status: ComplianceStatus; readonly RelatedRequirements: readonly string[] };
  readonly RecordState: 'ACTIVE' | 'ARCHIVED';
}

/**
 * The certificate as an ASFF resource. ASFF has no resource type for IAM
 * server certificates (`AwsCertificateManagerCertificate` is ACM's), so the
 * type is `Other` and the details go in `Details.Other`, as the ASFF
 * `Resources` reference says for unlisted types.
 */
export interface FindingResource {
  readonly Type: 'Other';
  readonly Id: string;
  readonly Partition: string;
  readonly Region: string;
  readonly Details: { readonly Other: Readonly<Record<string, string>> };
}

/** Where a run's findings go and what they are about. */
export interface FindingContext {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** The Config rule: the finding's generator. */
  readonly ruleName: string;
  readonly daysToExpiration: number;
  readonly runbookUrl: string;
  readonly now: Date;
}

/** A certificate as the periodic run judged it, with what the finding says besides. */
export interface JudgedForFinding {
  readonly certificate: ServerCertificate;
  readonly verdict: CertificateVerdict;
  /** The owner tag's value; `undefined` when the certificate has none. */
  readonly owner: string | undefined;
  /** What uses the certificate, when the usage check is on. */
  readonly usage: string | undefined;
}

/** When an earlier run first reported the finding; absent for a new one. */
export interface FirstSeen {
  readonly createdAt: string;
  readonly firstObservedAt: string;
}

const MAX_TITLE = 256;
const MAX_DESCRIPTION = 1024;

/**
 * The account's own Security Hub product, which accepts findings from any
 * source in the account (Security Hub User Guide, "Using custom product
 * integrations": `arn:<partition>:securityhub:<region>:<account>:product/<account>/default`).
 */
export function defaultProductArn(partition: string, region: string, accountId: string): string {
  return `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

/**
 * One finding Id per rule, region, account and certificate name: stable across
 * runs, so each run updates the finding instead of adding one, and a
 * certificate re-uploaded under the same name (a renewal) updates it too.
 */
export function findingId(context: Pick<FindingContext, 'ruleName' | 'region' | 'accountId'>, certificateName: string): string {
  return `${context.ruleName}/${context.region}/${context.accountId}/${certificateName}`;
}

/**
 * Severity from the time left, for a failing certificate: expired or due
 * within {@link URGENT_DAYS} days HIGH, otherwise (inside the rule's window)
 * MEDIUM. A passing certificate is INFORMATIONAL.
 */
export function findingSeverity(verdict: CertificateVerdict, daysLeft: number): SeverityLabel {
  if (verdict.complianceType !== ComplianceType.NonCompliant) return SeverityLabel.Informational;
  if (verdict.state === ExpiryState.Expired || daysLeft <= URGENT_DAYS) return SeverityLabel.High;
  return SeverityLabel.Medium;
}

/**
 * The ASFF finding for one certificate at one periodic run. Pure: the caller
 * passes the time and, for a finding that exists already, when it was first
 * reported, so `CreatedAt` and `FirstObservedAt` never move (ASFF: both are
 * set once; `UpdatedAt` and `LastObservedAt` change on each update).
 *
 * @example
 * certificateFinding({ certificate, verdict, owner: 'team-web', usage: undefined }, context);
 */
export function certificateFinding(judged: JudgedForFinding, context: FindingContext, firstSeen?: FirstSeen): SecurityHubFinding {
  const { certificate, verdict, owner } = judged;
  const now = context.now.toISOString();
  const daysLeft = wholeDaysLeft(certificate.expiration, context.now);
  const severity = { Label: findingSeverity(verdict, daysLeft), Original: verdict.state };
  const failed = verdict.complianceType === ComplianceType.NonCompliant;
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: findingId(context, certificate.name),
    ProductArn: defaultProductArn(context.partition, context.region, context.accountId),
    GeneratorId: context.ruleName,
    AwsAccountId: context.accountId,
    Types: FINDING_TYPES,
    CreatedAt: firstSeen?.createdAt ?? now,
    UpdatedAt: now,
    FirstObservedAt: firstSeen?.firstObservedAt ?? now,
    LastObservedAt: now,
    Severity: severity,
    FindingProviderFields: { Severity: severity, Types: FINDING_TYPES },
    Title: cut(title(certificate, verdict, daysLeft), MAX_TITLE),
    Description: cut(description(judged), MAX_DESCRIPTION),
    Remediation: { Recommendation: { Text: remediation(certificate, verdict, context), Url: context.runbookUrl } },
    ProductFields: { ConfigRuleName: context.ruleName, DaysLeft: String(daysLeft), ...(owner === undefined ? {} : { Owner: owner }) },
    Resources: [resource(judged, context)],
    Compliance: { Status: failed ? ComplianceStatus.Failed : ComplianceStatus.Passed, RelatedRequirements: relatedRequirements() },
    RecordState: 'ACTIVE',
  };
}

/**
 * The update that closes the finding of a certificate that is no longer in
 * IAM: archived (`RecordState`, which finding providers own), compliance no
 * longer available, severity informational; when it was first seen stays.
 */
export function archivedFinding(previous: SecurityHubFinding, now: Date): SecurityHubFinding {
  const severity = { Label: SeverityLabel.Informational, Original: 'NoLongerPresent' };
  return {
    ...previous,
    UpdatedAt: now.toISOString(),
    Severity: severity,
    FindingProviderFields: { Severity: severity, Types: previous.FindingProviderFields.Types },
    Description: cut(`No longer in IAM at the periodic check (deleted or renamed): finding archived. ${previous.Description}`, MAX_DESCRIPTION),
    Compliance: { Status: ComplianceStatus.NotAvailable, RelatedRequirements: previous.Compliance.RelatedRequirements },
    RecordState: 'ARCHIVED',
  };
}

/** The requirements a finding relates to: each CIS edition with its number, and the Security Hub control. */
export function relatedRequirements(): string[] {
  return [...cisRequirements(), `AWS Security Hub control ${SECURITY_HUB_CONTROL}`];
}

/** "owner team-web" or "no owner tag", as annotations, findings and alerts say it. */
export function ownerNote(owner: string | undefined): string {
  return owner === undefined || owner.trim() === '' ? 'no owner tag' : `owner ${owner.trim()}`;
}

function title(certificate: ServerCertificate, verdict: CertificateVerdict, daysLeft: number): string {
  if (verdict.state === ExpiryState.Expired) return `IAM server certificate ${certificate.name} expired ${-daysLeft} days ago and is still stored in IAM`;
  if (verdict.state === ExpiryState.Expiring) return `IAM server certificate ${certificate.name} expires in ${daysLeft} days`;
  return `IAM server certificate ${certificate.name} is valid until ${isoSeconds(certificate.expiration)}`;
}

function description({ verdict, owner, usage }: JudgedForFinding): string {
  return [verdict.annotation, usage, `${ownerNote(owner)}.`].filter((part) => part !== undefined && part !== '').join(' ');
}

function remediation(certificate: ServerCertificate, verdict: CertificateVerdict, context: FindingContext): string {
  if (verdict.state === ExpiryState.Valid) return `No action needed: ${certificate.name} is valid beyond the ${context.daysToExpiration}-day window.`;
  const renew = verdict.state === ExpiryState.Expired ? 'Upload its replacement' : `Renew it before ${isoSeconds(certificate.expiration)}, upload the new one`;
  return `${renew} (or move to AWS Certificate Manager), repoint every load balancer listener and CloudFront distribution that uses ${certificate.name}, verify, then delete ${certificate.name} from IAM.`;
}

function resource({ certificate, owner }: JudgedForFinding, context: FindingContext): FindingResource {
  return {
    Type: 'Other',
    Id: certificate.arn,
    Partition: context.partition,
    Region: context.region,
    Details: {
      Other: {
        ServerCertificateName: certificate.name,
        ServerCertificateId: certificate.id,
        Path: certificate.path,
        Expiration: isoSeconds(certificate.expiration),
        ...(owner === undefined ? {} : { Owner: owner }),
      },
    },
  };
}

function cut(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
