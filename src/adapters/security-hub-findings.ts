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
  type SecurityHubFinding,
} from '../core/security-hub-finding';
import { TimeBudget } from '../core/time-budget';
import { describeError, FindingDeliveryError } from '../errors';
import type { ActiveFindingsFilter, FindingStore } from '../rule/ports';
import { deliverInBatches } from './batch-delivery';
import { collectPages } from './collect-pages';

/**
 * What the rule calls only with `securityHubFindings` on, and the deployment
 * grants only then (serverless.yml `SecurityHubFindingsPolicy`; the packaging
 * tests check the two agree).
 */
export const SECURITY_HUB_FINDINGS_IAM_ACTIONS = ['securityhub:BatchImportFindings', 'securityhub:GetFindings', 'iam:ListServerCertificateTags'] as const;

/** `BatchImportFindings` takes at most 100 findings a call (Security Hub API reference, BatchImportFindings). */
export const MAX_FINDINGS_PER_IMPORT = 100;

/** `GetFindings` returns at most 100 findings a page (Security Hub API reference, GetFindings `MaxResults`: 1-100). */
export const GET_FINDINGS_PAGE_SIZE = 100;

/** How many times findings listed in `FailedFindings` are sent again before giving up. */
export const DEFAULT_FAILED_FINDING_RETRIES = 3;

export interface SecurityHubFindingsOptions {
  readonly failedFindingRetries?: number;
  /** Waits between resends; injectable so tests do not sleep. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The account's findings from this rule in its own Security Hub product:
 * reads the active ones (`GetFindings`), imports new and updated ones
 * (`BatchImportFindings`, batches of 100, `FailedFindings` resent and then a
 * loud failure, as evaluations are).
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
   * Creates or updates findings. Throws {@link FindingDeliveryError} when a
   * call keeps failing after the SDK's retries, or Security Hub keeps refusing
   * some after the resends: the invocation then fails and Config retries.
   */
  public async importFindings(findings: readonly SecurityHubFinding[], budget: TimeBudget = TimeBudget.unlimited()): Promise<{ calls: number }> {
    const delivery = await deliverInBatches(findings, {
      operation: 'BatchImportFindings',
      noun: 'findings',
      batchSize: MAX_FINDINGS_PER_IMPORT,
      retries: this.retries,
      sleep: this.sleep,
      budget,
      callWhenEmpty: false,
      send: (batch, step) => this.send(batch, budget, step),
    });
    if (delivery.undelivered.length > 0) {
      const ids = delivery.undelivered.map((finding) => finding.Id);
      throw new FindingDeliveryError(
        `Security Hub refused ${ids.length} of ${delivery.seen} findings after ${this.retries} resends ` +
          `(first: ${ids.slice(0, 3).join(', ')}); failing so Config retries the rule`,
        ids,
      );
    }
    return { calls: delivery.calls };
  }

  private async send(batch: SecurityHubFinding[], budget: TimeBudget, step: string): Promise<SecurityHubFinding[]> {
    let failed: ImportFindingsError[];
    try {
      const response = await this.client.send(new BatchImportFindingsCommand({ Findings: batch.map(toSdk) }), { abortSignal: budget.signal() });
      failed = response.FailedFindings ?? [];
    } catch (error) {
      budget.throwIfSpentDuring(step, error);
      throw new FindingDeliveryError(
        `BatchImportFindings failed after the SDK's retries (${describeError(error)}); failing so Config retries the rule`,
        batch.map((finding) => finding.Id),
        { cause: error },
      );
    }
    if (failed.length === 0) return [];
    const failedIds = new Set(failed.map((failure) => failure.Id));
    const refused = batch.filter((finding) => failedIds.has(finding.Id));
    // Failures that name nothing we sent: resend the whole batch rather than count any of it as delivered.
    return refused.length === failed.length ? refused : batch;
  }
}

function toSdk(finding: SecurityHubFinding): AwsSecurityFinding {
  return {
    ...finding,
    Types: [...finding.Types],
    FindingProviderFields: { ...finding.FindingProviderFields, Types: [...finding.FindingProviderFields.Types] },
    // ASFF Resources[].Partition is one of the partition names; ours comes from the rule's ARN.
    Resources: finding.Resources.map((resource) => ({ ...resource, Partition: resource.Partition as Partition, Details: { Other: { ...resource.Details.Other } } })),
    Compliance: { ...finding.Compliance, RelatedRequirements: [...finding.Compliance.RelatedRequirements] },
    ProductFields: { ...finding.ProductFields },
  };
}

/** One of this rule's findings as Security Hub returns it; `undefined` when it lacks what an update needs. */
function fromSdk(finding: AwsSecurityFinding): SecurityHubFinding | undefined {
  const { Id, ProductArn, GeneratorId, AwsAccountId, CreatedAt, UpdatedAt, Title, Description } = finding;
  if (!Id || !ProductArn || !GeneratorId || !AwsAccountId || !CreatedAt || !UpdatedAt || !Title || !Description) return undefined;
  const label = (finding.FindingProviderFields?.Severity?.Label ?? finding.Severity?.Label ?? SeverityLabel.Informational) as SeverityLabel;
  const severity = { Label: label, Original: finding.FindingProviderFields?.Severity?.Original ?? finding.Severity?.Original ?? label };
  const types = finding.FindingProviderFields?.Types ?? finding.Types ?? [];
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id,
    ProductArn,
    GeneratorId,
    AwsAccountId,
    Types: types,
    CreatedAt,
    UpdatedAt,
    FirstObservedAt: finding.FirstObservedAt ?? CreatedAt,
    LastObservedAt: finding.LastObservedAt ?? UpdatedAt,
    Severity: severity,
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
