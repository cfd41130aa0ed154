/**
 * What a Config aggregator tells about the rule's certificates, as plain
 * values: the {@link AggregateReader} port the `report --aggregator` command
 * reads through, and the shapes it returns.
 */

/** One rule as deployed in one source account and region (a row of DescribeAggregateComplianceByConfigRules). */
export interface RuleInstance {
  /** The deployed name, suffix included (organization conformance packs add one). */
  readonly ruleName: string;
  readonly accountId: string;
  readonly region: string;
}

/** One evaluation result, from GetAggregateComplianceDetailsByConfigRule. */
export interface AggregateEvaluation {
  readonly ruleName: string;
  readonly accountId: string;
  readonly region: string;
  /**
   * `EvaluationResultQualifier.ResourceType`: `AWS::IAM::ServerCertificate`
   * for a certificate, `AWS::::Account` for the account-level result the rule
   * reports in an account without certificates; `undefined` when Config gave none.
   */
  readonly resourceType: string | undefined;
  readonly resourceId: string;
  readonly complianceType: string;
  readonly annotation: string | undefined;
  /** When Config recorded the result (`ResultRecordedTime`). */
  readonly recordedAt: Date | undefined;
  /** When Config invoked the rule that gave it (`ConfigRuleInvokedTime`): the rule judged between this and `recordedAt`. */
  readonly invokedAt: Date | undefined;
}

/** One recorded AWS::IAM::ServerCertificate, from ListAggregateDiscoveredResources. */
export interface AggregateCertificate {
  readonly accountId: string;
  readonly region: string;
  readonly resourceId: string;
  readonly resourceName: string | undefined;
}

/** How an aggregator collects, from DescribeConfigurationAggregators. */
export interface AggregatorSources {
  /** `accounts`: AccountAggregationSources; `organization`: OrganizationAggregationSource. */
  readonly kind: 'accounts' | 'organization';
  /**
   * The accounts an account aggregator lists. Empty for an organization
   * aggregator: its description names a role and regions, not the accounts.
   */
  readonly accountIds: readonly string[];
  /** The regions aggregated (`AwsRegions`), or `'all'` (`AllAwsRegions`). */
  readonly regions: readonly string[] | 'all';
}

/** `LastUpdateStatus` of an aggregator source (Config API reference, AggregatedSourceStatus). */
export const SourceUpdateStatus = {
  Failed: 'FAILED',
  Succeeded: 'SUCCEEDED',
  Outdated: 'OUTDATED',
} as const;

/** One row of DescribeConfigurationAggregatorSourcesStatus: one source (account or organization) in one region. */
export interface SourceStatus {
  /** A 12-digit account id, or the organization's id for an organization source. */
  readonly sourceId: string;
  readonly region: string | undefined;
  /** One of {@link SourceUpdateStatus}; `undefined` when Config gave none. */
  readonly status: string | undefined;
  readonly updatedAt: Date | undefined;
  readonly errorCode: string | undefined;
  readonly errorMessage: string | undefined;
}

/** Reads a Config aggregator; `ConfigAggregateReader` in production. */
export interface AggregateReader {
  /** What the aggregator collects from: its accounts or organization, and regions. */
  sources(aggregator: string): Promise<AggregatorSources>;
  /** The status of every source of the aggregator, every page. */
  sourceStatuses(aggregator: string): Promise<SourceStatus[]>;
  /** Every deployment of any rule, every page. */
  ruleInstances(aggregator: string): Promise<RuleInstance[]>;
  /** Every result of one rule in one account and region, every page. */
  evaluations(aggregator: string, instance: RuleInstance): Promise<AggregateEvaluation[]>;
  /** Every recorded IAM server certificate across the aggregator, every page. */
  certificates(aggregator: string): Promise<AggregateCertificate[]>;
}
