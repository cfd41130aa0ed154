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
  readonly resourceId: string;
  readonly complianceType: string;
  readonly annotation: string | undefined;
  /** When Config recorded the result (`ResultRecordedTime`). */
  readonly recordedAt: Date | undefined;
}

/** One recorded AWS::IAM::ServerCertificate, from ListAggregateDiscoveredResources. */
export interface AggregateCertificate {
  readonly accountId: string;
  readonly region: string;
  readonly resourceId: string;
  readonly resourceName: string | undefined;
}

/** Reads a Config aggregator; `ConfigAggregateReader` in production. */
export interface AggregateReader {
  /** Every deployment of any rule, every page. */
  ruleInstances(aggregator: string): Promise<RuleInstance[]>;
  /** Every result of one rule in one account and region, every page. */
  evaluations(aggregator: string, instance: RuleInstance): Promise<AggregateEvaluation[]>;
  /** Every recorded IAM server certificate across the aggregator, every page. */
  certificates(aggregator: string): Promise<AggregateCertificate[]>;
}
