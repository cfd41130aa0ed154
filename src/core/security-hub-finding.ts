import { isoSeconds, shorten } from './annotation';
import { ComplianceType } from './compliance-type';
import { SECURITY_HUB_CONTROL, securityHubCisRequirements, shortControlReference } from './compliance-references';
import { ExceptionStatus, type CertificatePolicy, type EffectiveWindow } from './certificate-policy';
import { describeAgo, describeLeft, ExpiryState, wholeDaysLeft, type CertificateVerdict } from './evaluate-certificate';
import { OverrideTagKey, WINDOW_TAG_MAX_DAYS } from './override-tags';
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

/** A severity as a finding provider states it (ASFF `FindingProviderFields.Severity`). */
export interface FindingSeverity {
  readonly Label: SeverityLabel;
  /** The rule's own word for it; ASFF `Original`: at most 64 characters. */
  readonly Original: string;
}

/**
 * The subset of an ASFF finding this rule writes, in ASFF's own field names,
 * so it goes to `BatchImportFindings` unchanged.
 *
 * Severity and types are stated in `FindingProviderFields` on every import.
 * The top-level `Severity` and `Types` are sent only when the finding is
 * created: "Finding providers also should not use BatchImportFindings to update
 * the following attributes: Confidence, Criticality, RelatedFindings, Severity,
 * Types. Instead, finding providers use FindingProviderFields" (Security Hub
 * API reference, BatchImportFindings), and the top-level fields "should only be
 * updated by BatchUpdateFindings" (Security Hub User Guide, "Required top-level
 * ASFF attributes", Severity and Types). Security Hub keeps the provider's
 * values in `FindingProviderFields` and moves the top-level severity with them
 * unless a customer changed it ("The finding provider can only update the
 * severity if it hasn't been updated using BatchUpdateFindings": API
 * reference, Severity).
 */
export interface SecurityHubFinding {
  readonly SchemaVersion: typeof ASFF_SCHEMA_VERSION;
  readonly Id: string;
  readonly ProductArn: string;
  readonly GeneratorId: string;
  readonly AwsAccountId: string;
  /** Present only on the import that creates the finding (see above). */
  readonly Types?: readonly string[];
  readonly CreatedAt: string;
  readonly UpdatedAt: string;
  readonly FirstObservedAt: string;
  readonly LastObservedAt: string;
  /** Present only on the import that creates the finding (see above). */
  readonly Severity?: FindingSeverity;
  /** Where this rule states, and on every run restates, its severity and types. */
  readonly FindingProviderFields: { readonly Severity: FindingSeverity; readonly Types: readonly string[] };
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
  /** The owner tag's value, whole; `undefined` when the certificate has none. */
  readonly owner: string | undefined;
  /**
   * What uses the certificate, when the usage check is on: the finding's own,
   * longer account (the annotation's is cut to fit 256 characters).
   */
  readonly usage: string | undefined;
  /** Its window and exception (src/core/certificate-policy.ts); absent: the rule's window and no exception. */
  readonly policy?: CertificatePolicy;
  /** Why its tags could not be read, when they could not: then its owner is unknown. */
  readonly tagsUnread?: string;
}

/** What the finding already in Security Hub says about its own history; absent for a new finding. */
export interface PreviousImport {
  readonly createdAt: string;
  readonly firstObservedAt: string;
  /** Its `UpdatedAt`: the next import must be later, or Security Hub ignores it. */
  readonly updatedAt: string;
}

/**
 * ASFF limits this rule stays within (Security Hub API reference,
 * AwsSecurityFinding: `Id` and `GeneratorId` "Maximum length of 512", `Title`
 * "Maximum length of 256", `Description` "Maximum length of 1024";
 * Recommendation: `Text` "Maximum of 512 length"). The Id is at most
 * 128 (Config rule name) + 1 + 16 (region) + 1 + 12 + 1 + 128 (IAM server
 * certificate name) characters, so it always fits.
 */
export const ASFF_LIMITS = {
  id: 512,
  generatorId: 512,
  title: 256,
  description: 1024,
  recommendationText: 512,
} as const;

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
 * Whether the finding fails: every expired certificate, and an expiring one
 * the rule reports NON_COMPLIANT. The finding names Security Hub IAM.26 in
 * its related requirements and is the certificate's only finding from this
 * product, so an expired certificate fails it whatever its tags: the warning
 * rule's exception (COMPLIANT in AWS Config) waives the warning, never
 * IAM.26, and the finding only names it (description, `ProductFields`).
 */
export function findingFails(verdict: CertificateVerdict): boolean {
  return verdict.state === ExpiryState.Expired || verdict.complianceType === ComplianceType.NonCompliant;
}

/**
 * Severity from the time left, for a failing certificate ({@link findingFails}):
 * expired or due within {@link URGENT_DAYS} days HIGH, otherwise (inside the
 * rule's window) MEDIUM. A passing certificate is INFORMATIONAL.
 */
export function findingSeverity(verdict: CertificateVerdict, daysLeft: number): SeverityLabel {
  if (!findingFails(verdict)) return SeverityLabel.Informational;
  if (verdict.state === ExpiryState.Expired || daysLeft <= URGENT_DAYS) return SeverityLabel.High;
  return SeverityLabel.Medium;
}

/**
 * The ASFF finding for one certificate at one periodic run. Pure: the caller
 * passes the time and, for a finding that exists already, what Security Hub
 * holds of it, so `CreatedAt` and `FirstObservedAt` never move (ASFF: both are
 * set once; `UpdatedAt` and `LastObservedAt` change on each update) and
 * `UpdatedAt` is always later than the stored one (Security Hub User Guide,
 * "BatchImportFindings for finding providers": an update whose `UpdatedAt`
 * "matches or occurs before" the existing finding's is ignored). A new finding
 * carries the top-level `Severity` and `Types` as well as
 * `FindingProviderFields`; an update only the latter (see {@link SecurityHubFinding}).
 *
 * @example
 * certificateFinding({ certificate, verdict, owner: 'team-web', usage: undefined }, context);
 */
export function certificateFinding(judged: JudgedForFinding, context: FindingContext, previous?: PreviousImport): SecurityHubFinding {
  const { certificate, verdict, owner } = judged;
  const now = context.now.toISOString();
  const daysLeft = wholeDaysLeft(certificate.expiration, context.now);
  const severity: FindingSeverity = { Label: findingSeverity(verdict, daysLeft), Original: isExcepted(verdict) ? EXCEPTED : verdict.state };
  const failed = findingFails(verdict);
  const remediation = shorten(remediationText(certificate, verdict, windowOf(judged, context)), ASFF_LIMITS.recommendationText);
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: findingId(context, certificate.name),
    ProductArn: defaultProductArn(context.partition, context.region, context.accountId),
    GeneratorId: context.ruleName,
    AwsAccountId: context.accountId,
    ...(previous === undefined ? { Types: FINDING_TYPES } : {}),
    CreatedAt: previous?.createdAt ?? now,
    UpdatedAt: laterThan(previous?.updatedAt, context.now),
    FirstObservedAt: previous?.firstObservedAt ?? now,
    LastObservedAt: now,
    ...(previous === undefined ? { Severity: severity } : {}),
    FindingProviderFields: { Severity: severity, Types: FINDING_TYPES },
    Title: shorten(title(judged, daysLeft), ASFF_LIMITS.title),
    Description: findingDescription(judged, context, remediation, daysLeft),
    Remediation: { Recommendation: { Text: remediation, Url: context.runbookUrl } },
    ProductFields: {
      ConfigRuleName: context.ruleName,
      DaysLeft: String(daysLeft),
      ...(owner === undefined ? {} : { Owner: owner }),
      ...overrideFields(judged.policy),
    },
    Resources: [resource(judged, context)],
    Compliance: { Status: failed ? ComplianceStatus.Failed : ComplianceStatus.Passed, RelatedRequirements: relatedRequirements() },
    RecordState: 'ACTIVE',
  };
}

/**
 * The update that closes the finding of a certificate that is no longer in
 * IAM: archived (`RecordState`, which finding providers own), severity
 * informational, when it was first seen kept. `Compliance.Status` keeps its
 * last value: Security Hub resets a NOTIFIED or RESOLVED `Workflow.Status` to
 * NEW when "the compliance status changes from PASSED to either WARNING,
 * FAILED, or NOT_AVAILABLE" (Security Hub API reference, Workflow), so
 * changing it here would reopen, as it is archived, a finding someone had
 * already closed.
 */
export function archivedFinding(previous: SecurityHubFinding, now: Date): SecurityHubFinding {
  const { Severity: _severity, Types: _types, ...update } = previous;
  return {
    ...update,
    UpdatedAt: laterThan(previous.UpdatedAt, now),
    FindingProviderFields: { Severity: { Label: SeverityLabel.Informational, Original: 'NoLongerPresent' }, Types: previous.FindingProviderFields.Types },
    Description: shorten(`No longer in IAM at the periodic check (deleted or renamed): finding archived. ${previous.Description}`, ASFF_LIMITS.description),
    Compliance: previous.Compliance,
    RecordState: 'ARCHIVED',
  };
}

/** The requirements a finding relates to: the CIS editions Security Hub relates IAM.26 to, each with its number, and the Security Hub control. */
export function relatedRequirements(): string[] {
  return [...securityHubCisRequirements(), `AWS Security Hub control ${SECURITY_HUB_CONTROL}`];
}

/** The owner a tag value names; `undefined` for none or a blank one. */
function ownerName(owner: string | undefined): string | undefined {
  const name = owner?.trim();
  return name === undefined || name === '' ? undefined : name;
}

/** "owner team-web" or "no owner tag", as annotations, findings and alerts say it. */
export function ownerNote(owner: string | undefined): string {
  const name = ownerName(owner);
  return name === undefined ? 'no owner tag' : `owner ${name}`;
}

function title({ certificate, verdict, policy }: JudgedForFinding, daysLeft: number): string {
  const exception = policy?.exception;
  const excepted = isExcepted(verdict) && exception?.status === ExceptionStatus.Active ? ` (excepted through ${exception.lastDay})` : '';
  if (verdict.state === ExpiryState.Expired) return `IAM server certificate ${certificate.name} expired ${describeAgo(-daysLeft)} and is still stored in IAM${excepted}`;
  if (verdict.state === ExpiryState.Expiring) {
    return `IAM server certificate ${certificate.name} expires ${daysLeft === 0 ? 'within a day' : `in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`}${excepted}`;
  }
  return `IAM server certificate ${certificate.name} is valid until ${isoSeconds(certificate.expiration)}`;
}

/** `Severity.Original` of a certificate an exception keeps from failing. */
const EXCEPTED = 'Excepted';

/**
 * An expiring certificate that would fail but is COMPLIANT: only an exception
 * does that (src/core/certificate-policy.ts), and only its finding passes. An
 * expired one the warning rule excepts still fails ({@link findingFails}).
 */
function isExcepted(verdict: CertificateVerdict): boolean {
  return verdict.complianceType === ComplianceType.Compliant && verdict.state === ExpiryState.Expiring;
}

/** An expired certificate the warning rule excepts: COMPLIANT in AWS Config, FAILED here (IAM.26). */
function isExceptedButExpired(verdict: CertificateVerdict): boolean {
  return verdict.complianceType === ComplianceType.Compliant && verdict.state === ExpiryState.Expired;
}

/** The window the certificate was judged with: its own (tag) or the rule's. */
function windowOf(judged: JudgedForFinding, context: FindingContext): EffectiveWindow {
  return judged.policy?.window ?? { days: context.daysToExpiration, fromTag: false };
}

function windowWords(window: EffectiveWindow): string {
  return `${window.fromTag ? 'its tagged' : 'the'} ${window.days}-day warning window`;
}

/**
 * What the tags did, for the description: the exception with its last day
 * and whole reason, or why a tag was ignored or unread. Empty when tags were
 * not considered or say nothing.
 */
function overrideSentences({ verdict, policy }: JudgedForFinding): string {
  if (policy === undefined || !policy.tagsConsidered) return '';
  const sentences: string[] = [];
  if (policy.tagsUnreadable !== undefined) sentences.push(`Its tags could not be read (${policy.tagsUnreadable}): judged without exception or window tags.`);
  if (policy.window.malformedTag !== undefined) sentences.push(`Window tag ${OverrideTagKey.WindowDays} ignored, not 1 to ${WINDOW_TAG_MAX_DAYS} days: "${policy.window.malformedTag}".`);
  const exception = policy.exception;
  switch (exception.status) {
    case ExceptionStatus.Active:
      sentences.push(`Exception through ${exception.lastDay} (UTC), tag ${OverrideTagKey.Exception}: ${exception.reason}.`);
      if (isExcepted(verdict)) sentences.push(`This rule reports it PASSED until then; the expired rule (Security Hub ${SECURITY_HUB_CONTROL}) still fails it once it has expired.`);
      else if (isExceptedButExpired(verdict)) {
        sentences.push(`It waives this rule's warning in AWS Config only: the certificate has expired, and this finding stays FAILED, since no exception waives Security Hub ${SECURITY_HUB_CONTROL}.`);
      } else if (policy.strict) sentences.push(`It does not waive Security Hub ${SECURITY_HUB_CONTROL}.`);
      break;
    case ExceptionStatus.Ended:
      sentences.push(`Exception tag ignored: it ended ${exception.lastDay} (${exception.reason}).`);
      break;
    case ExceptionStatus.TooFar:
      sentences.push(`Exception tag ignored: ${exception.lastDay} is further ahead than the rule's maxExceptionDays allows (${exception.reason}).`);
      break;
    case ExceptionStatus.Malformed:
      sentences.push(`Exception tag ignored, ${exception.problem}: "${exception.value}".`);
      break;
    default:
      break;
  }
  return sentences.join(' ');
}

/** The tags' effect as `ProductFields`, for filters and automation; nothing when tags were not considered. */
function overrideFields(policy: CertificatePolicy | undefined): Record<string, string> {
  if (policy === undefined || !policy.tagsConsidered) return {};
  const exception = policy.exception;
  return {
    WindowDays: String(policy.window.days),
    WindowSource: policy.window.fromTag ? 'tag' : 'rule',
    ExceptionStatus: exception.status,
    ...('lastDay' in exception ? { ExceptionLastDay: exception.lastDay, ExceptionReason: exception.reason } : {}),
    ...(policy.tagsUnreadable === undefined ? {} : { TagsUnread: policy.tagsUnreadable }),
  };
}

/** One sentence of the description, and how short it may be cut when all do not fit. */
interface DescriptionPart {
  readonly text: string;
  /** Cut first: lower numbers go first; absent: never cut. */
  readonly cutOrder?: number;
  /** The length it is never cut below. */
  readonly floor?: number;
}

/**
 * What the annotation says, from its parts and not from the 256-character
 * annotation: the expiry and days left, what to do, the owner, what uses the
 * certificate and the controls, in up to 1,024 characters. When all of it
 * does not fit (the longest names, owners and consumer lists), the usage
 * account is cut first, then the owner, then what to do; the expiry never.
 */
function findingDescription(judged: JudgedForFinding, context: FindingContext, remediation: string, daysLeft: number): string {
  const { certificate, verdict, owner, usage, tagsUnread } = judged;
  const ownedBy = ownerName(owner);
  const overrides = overrideSentences(judged);
  const ownerText = tagsUnread !== undefined ? `Owner unknown: its tags could not be read (${tagsUnread}).` : ownedBy === undefined ? 'No owner tag.' : `Owner: ${ownedBy}.`;
  const parts: DescriptionPart[] = [
    { text: stateSentence(certificate, verdict, windowOf(judged, context), daysLeft) },
    // Why a failing certificate passes, or why a tag did not count: cut last, and never below its start.
    ...(overrides === '' ? [] : [{ text: overrides, cutOrder: 4, floor: 200 }]),
    { text: `What to do: ${remediation}`, cutOrder: 3, floor: 80 },
    { text: ownerText, cutOrder: 2, floor: 40 },
    ...(usage === undefined || usage === '' ? [] : [{ text: `Usage: ${usage}.`, cutOrder: 1, floor: 40 }]),
    { text: `Controls: ${shortControlReference()}.` },
  ];
  return fitParts(parts, ASFF_LIMITS.description);
}

function stateSentence(certificate: ServerCertificate, verdict: CertificateVerdict, window: EffectiveWindow, days: number): string {
  const expiry = isoSeconds(certificate.expiration);
  const subject = `IAM server certificate ${certificate.name}`;
  if (verdict.state === ExpiryState.Expired) return `${subject} expired ${expiry} (${describeAgo(-days)}) and is still stored in IAM.`;
  if (verdict.state === ExpiryState.Expiring) return `${subject} expires ${expiry} (${describeLeft(days)}), within ${windowWords(window)}.`;
  const beyond = window.days > 0 ? `, beyond ${windowWords(window)}` : '';
  return `${subject} is valid until ${expiry} (${describeLeft(days)})${beyond}.`;
}

/** Joins the parts within `length`, cutting the cuttable ones (in their order, never below their floor) until they fit. */
function fitParts(parts: readonly DescriptionPart[], length: number): string {
  const texts = parts.map((part) => part.text);
  const size = (): number => texts.join(' ').length;
  const order = parts
    .map((part, index) => ({ part, index }))
    .filter(({ part }) => part.cutOrder !== undefined)
    .sort((a, b) => (a.part.cutOrder ?? 0) - (b.part.cutOrder ?? 0));
  for (const { part, index } of order) {
    const overflow = size() - length;
    if (overflow <= 0) break;
    const text = texts[index] ?? '';
    texts[index] = shorten(text, Math.max(part.floor ?? 0, text.length - overflow), NEAR_END);
  }
  return shorten(texts.join(' '), length, NEAR_END);
}

/** Cuts near the end: an owner tag or a name may be one long word, which a plain word cut would drop whole. */
const NEAR_END = 0.8;

function remediationText(certificate: ServerCertificate, verdict: CertificateVerdict, window: EffectiveWindow): string {
  if (verdict.state === ExpiryState.Valid) return `No action needed: ${certificate.name} is valid beyond ${window.fromTag ? 'its tagged' : 'the'} ${window.days}-day window.`;
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

/** `now`, or a millisecond after `previous` when that is not earlier: an import must move `UpdatedAt` forward. */
function laterThan(previous: string | undefined, now: Date): string {
  const stored = previous === undefined ? Number.NaN : Date.parse(previous);
  return new Date(Number.isNaN(stored) || stored < now.getTime() ? now.getTime() : stored + 1).toISOString();
}
