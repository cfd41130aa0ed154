import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
  type ImportFindingsError,
  type Partition,
} from '@aws-sdk/client-securityhub';
import {
  ASFF_SCHEMA_VERSION,
  ComplianceStatus,
  SeverityLabel,
  type FindingResource,
  type FindingSeverity,
  type SecurityHubFinding,
} from '../core/security-hub-finding';
import { TimeBudget } from '../core/time-budget';
import { describeError, FindingDeliveryError, SecurityHubNotEnabledError, type RefusedFinding } from '../errors';
import type { ActiveFindingsFilter, FindingStore } from '../rule/ports';
import { deliverNamingRefusals, refusalSummary, refusedItems, type Refusals } from './batch-delivery';
import { collectPages } from './collect-pages';
import { regionOf } from './explain-access-denied';

/**
 * What the rule calls only with `securityHubFindings` on, and the deployment
 * grants only then (serverless.yml `SecurityHubFindingsPolicy`; the packaging
 * tests check the two agree).
 */
export const SECURITY_HUB_FINDINGS_IAM_ACTIONS = ['securityhub:BatchImportFindings', 'securityhub:GetFindings', 'iam:ListServerCertificateTags'] as const;

/**
 * `BatchImportFindings` limits: "Security Hub CSPM accepts up to 100 findings
 * per batch, up to 240 KB per finding, and up to 6 MB per batch. The throttle
 * rate limit is 10 TPS per account per Region, with a burst of 30 TPS"
 * (Security Hub User Guide, "BatchImportFindings for finding providers";
 * Partner Guide, "Guidelines for using the BatchImportFindings API"). Every
 * field of this rule's findings is bounded (see `ASFF_LIMITS`), so one is a few
 * KB and a full batch far below 6 MB: batches are cut by count alone. A run
 * makes one call per 100 certificates, well under the rate; the SDK retries
 * throttled calls.
 */
export const MAX_FINDINGS_PER_IMPORT = 100;
/** Largest finding Security Hub accepts, in bytes of JSON (see {@link MAX_FINDINGS_PER_IMPORT}). */
export const MAX_FINDING_BYTES = 240 * 1024;
/** Largest `BatchImportFindings` request body, in bytes (see {@link MAX_FINDINGS_PER_IMPORT}). */
export const MAX_IMPORT_REQUEST_BYTES = 6 * 1024 * 1024;

/** `GetFindings` returns at most 100 findings a page (Security Hub API reference, GetFindings `MaxResults`: 1-100). */
export const GET_FINDINGS_PAGE_SIZE = 100;

/** How many times findings listed in `FailedFindings` with a passing error are sent again before giving up. */
export const DEFAULT_FAILED_FINDING_RETRIES = 3;

/**
 * `FailedFindings` error codes a resend can fix: Security Hub's internal
 * error and its throttling (API reference, BatchImportFindings, Errors:
 * `InternalException` "Internal server error", HTTP 500;
 * `LimitExceededException` "… beyond the current AWS account or throttling
 * limits", HTTP 429). `ImportFindingsError.ErrorCode` is a free string there;
 * the codes seen in it drop the `Exception` suffix (`InvalidInput`), so both
 * forms match. Everything else is refused again on a resend and fails at once:
 * `InvalidInput` (the finding breaks ASFF), `InvalidAccess` (Security Hub not
 * enabled: User Guide, "BatchImportFindings for finding providers"), and any
 * code not listed here.
 */
const RESENDABLE_ERROR_CODE = /^(Internal|LimitExceeded|TooManyRequests|Throttl)/;

/** FailedFindings code of a finding refused because Security Hub is not enabled (User Guide, "BatchImportFindings for finding providers"). */
const INVALID_ACCESS = /^InvalidAccess(Exception)?$/;

/** True for a `FailedFindings` error code a resend can fix (see {@link RESENDABLE_ERROR_CODE}). */
function isResendable(errorCode: string): boolean {
  return RESENDABLE_ERROR_CODE.test(errorCode);
}

export interface SecurityHubFindingsOptions {
  readonly failedFindingRetries?: number;
  /** Waits between resends; injectable so tests do not sleep. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The account's findings from this rule in its own Security Hub product:
 * reads the active ones (`GetFindings`), imports new and updated ones
 * (`BatchImportFindings`, batches of 100; findings refused for a passing
 * reason resent, any refused in the end a loud failure, as evaluations are).
 */
export class SecurityHubFindings implements FindingStore {
  private readonly retries: number;
  private readonly sleep: (ms: number) => Promise<void>;

  /** @param client a Security Hub client for the evaluated account, in the region its findings belong to */
  public constructor(
    private readonly client: SecurityHubClient,
    options: SecurityHubFindingsOptions = {},
  ) {
    this.retries = options.failedFindingRetries ?? DEFAULT_FAILED_FINDING_RETRIES;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /**
   * Active findings of the rule in the account's default product, all
   * pages. Reduced to the fields this rule writes, so an archive update
   * carries only what a finding provider may set.
   */
  public async activeFindings(filter: ActiveFindingsFilter, budget: TimeBudget = TimeBudget.unlimited()): Promise<SecurityHubFinding[]> {
    const equals = (value: string): Array<{ Value: string; Comparison: 'EQUALS' }> => [{ Value: value, Comparison: 'EQUALS' }];
    const findings = await collectPages('GetFindings', budget, async (nextToken, abortSignal) => {
      const page = await this.client.send(
        new GetFindingsCommand({
          Filters: {
            ProductArn: equals(filter.productArn),
            GeneratorId: equals(filter.generatorId),
            AwsAccountId: equals(filter.accountId),
            RecordState: equals('ACTIVE'),
          },
          MaxResults: GET_FINDINGS_PAGE_SIZE,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
        { abortSignal },
      );
      return { items: (page.Findings ?? []).map(fromSdk), next: page.NextToken };
    });
    return findings.filter((finding): finding is SecurityHubFinding => finding !== undefined);
  }

  /**
   * Creates or updates findings. Findings Security Hub refuses with a passing
   * error (internal, throttling) are resent; any refused for good
   * (`InvalidInput`, an unknown code) are not. Throws
   * {@link FindingDeliveryError}, naming each refused finding with Security
   * Hub's code and message, when any is refused in the end or a call keeps
   * failing after the SDK's retries, and {@link SecurityHubNotEnabledError} at
   * the first `InvalidAccess`: the invocation then fails and Config retries.
   */
  public async importFindings(findings: readonly SecurityHubFinding[], budget: TimeBudget = TimeBudget.unlimited()): Promise<{ calls: number }> {
    const delivery = await deliverNamingRefusals(findings, {
      operation: 'BatchImportFindings',
      noun: 'findings',
      batchSize: MAX_FINDINGS_PER_IMPORT,
      retries: this.retries,
      sleep: this.sleep,
      budget,
      send: (batch, step) => this.send(batch, budget, step),
      unexplained: (finding): RefusedFinding => ({ id: finding.Id, code: 'Unknown', message: 'no reason given' }),
    });
    const refusals = delivery.refusals;
    if (refusals.length > 0) {
      throw new FindingDeliveryError(
        `Security Hub refused ${refusals.length} of ${delivery.seen} findings ${refusalSummary(delivery, this.retries, (refusal) => refusal.id)}. Failing the invocation; Config runs the rule again`,
        refusals.map((refusal) => refusal.id),
        { refusals },
      );
    }
    return { calls: delivery.calls };
  }

  private async send(batch: SecurityHubFinding[], budget: TimeBudget, step: string): Promise<Refusals<SecurityHubFinding, RefusedFinding>> {
    let failed: ImportFindingsError[];
    try {
      const response = await this.client.send(new BatchImportFindingsCommand({ Findings: batch.map(toSdk) }), { abortSignal: budget.signal() });
      failed = response.FailedFindings ?? [];
    } catch (error) {
      budget.throwIfSpentDuring(step, error);
      if (error instanceof SecurityHubNotEnabledError) throw error;
      throw new FindingDeliveryError(
        `BatchImportFindings failed after the SDK's retries (${describeError(error)}); failing so Config retries the rule`,
        batch.map((finding) => finding.Id),
        { cause: error },
      );
    }
    if (failed.length === 0) return { passing: new Map(), permanent: [] };
    const reasons = failed.map((failure): RefusedFinding => ({ id: failure.Id ?? '', code: failure.ErrorCode ?? 'Unknown', message: failure.ErrorMessage ?? '' }));
    const noAccess = reasons.find((reason) => INVALID_ACCESS.test(reason.code));
    if (noAccess !== undefined) {
      throw new SecurityHubNotEnabledError(batch[0]?.AwsAccountId ?? 'unknown', await regionOf(this.client), `BatchImportFindings listed the findings as ${noAccess.code}: ${noAccess.message}`);
    }
    const permanent = reasons.filter((reason) => !isResendable(reason.code));
    const passing = reasons.filter((reason) => isResendable(reason.code));
    const permanentIds = new Set(permanent.map((reason) => reason.id));
    const resend = refusedItems(
      batch.filter((finding) => !permanentIds.has(finding.Id)),
      passing.map((reason) => reason.id),
      (finding) => finding.Id,
    );
    // A finding resent because a failure named nothing we sent carries that failure's reason.
    const fallback = passing.find((reason) => !resend.some((finding) => finding.Id === reason.id)) ?? passing[0];
    const reasonOf = new Map(passing.map((reason) => [reason.id, reason]));
    return {
      passing: new Map(
        resend.map((finding) => [finding, reasonOf.get(finding.Id) ?? { id: finding.Id, code: fallback?.code ?? 'Unknown', message: fallback?.message ?? 'no reason given' }]),
      ),
      permanent,
    };
  }

}

function toSdk(finding: SecurityHubFinding): AwsSecurityFinding {
  const { Types, Severity, ...rest } = finding;
  return {
    ...rest,
    ...(Types === undefined ? {} : { Types: [...Types] }),
    ...(Severity === undefined ? {} : { Severity: { ...Severity } }),
    FindingProviderFields: { Severity: { ...finding.FindingProviderFields.Severity }, Types: [...finding.FindingProviderFields.Types] },
    // ASFF Resources[].Partition is one of the partition names; ours comes from the rule's ARN.
    Resources: finding.Resources.map((resource) => ({ ...resource, Partition: resource.Partition as Partition, Details: { Other: { ...resource.Details.Other } } })),
    Compliance: { ...finding.Compliance, RelatedRequirements: [...finding.Compliance.RelatedRequirements] },
    ProductFields: { ...finding.ProductFields },
  };
}

/**
 * One of this rule's findings as Security Hub returns it, as the base of an
 * update: `undefined` when it lacks what an update needs. The provider's own
 * severity and types come from `FindingProviderFields` (the top-level ones
 * may be a customer's); the top-level fields are left out, as an update must
 * not send them (see `SecurityHubFinding`).
 */
function fromSdk(finding: AwsSecurityFinding): SecurityHubFinding | undefined {
  const { Id, ProductArn, GeneratorId, AwsAccountId, CreatedAt, UpdatedAt, Title, Description } = finding;
  if (!Id || !ProductArn || !GeneratorId || !AwsAccountId || !CreatedAt || !UpdatedAt || !Title || !Description) return undefined;
  const label = (finding.FindingProviderFields?.Severity?.Label ?? finding.Severity?.Label ?? SeverityLabel.Informational) as SeverityLabel;
  const severity: FindingSeverity = { Label: label, Original: finding.FindingProviderFields?.Severity?.Original ?? finding.Severity?.Original ?? label };
  const types = finding.FindingProviderFields?.Types ?? finding.Types ?? [];
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id,
    ProductArn,
    GeneratorId,
    AwsAccountId,
    CreatedAt,
    UpdatedAt,
    FirstObservedAt: finding.FirstObservedAt ?? CreatedAt,
    LastObservedAt: finding.LastObservedAt ?? UpdatedAt,
    FindingProviderFields: { Severity: severity, Types: types },
    Title,
    Description,
    Remediation: {
      Recommendation: { Text: finding.Remediation?.Recommendation?.Text ?? '', Url: finding.Remediation?.Recommendation?.Url ?? '' },
    },
    ProductFields: Object.fromEntries(Object.entries(finding.ProductFields ?? {}).filter(([key]) => !key.startsWith('aws/'))),
    Resources: (finding.Resources ?? []).map(
      (resource): FindingResource => ({
        Type: 'Other',
        Id: resource.Id ?? '',
        Partition: resource.Partition ?? 'aws',
        Region: resource.Region ?? '',
        Details: { Other: { ...(resource.Details?.Other ?? {}) } },
      }),
    ),
    Compliance: { Status: (finding.Compliance?.Status ?? ComplianceStatus.NotAvailable) as ComplianceStatus, RelatedRequirements: finding.Compliance?.RelatedRequirements ?? [] },
    RecordState: 'ACTIVE',
  };
}
