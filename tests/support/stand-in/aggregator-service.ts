import { AGGREGATOR_HOME_REGION, limitOf, validation, type Paginate } from './aggregator-common';
import { describeAggregators, sourcesStatus } from './aggregator-sources';
import { epochSeconds } from './config-json';
import { ServiceError } from './reply';

/** One evaluation result as a source account reported it to its Config. */
export interface AggregateResultSeed {
  readonly ruleName: string;
  readonly accountId: string;
  readonly region: string;
  /** Default `AWS::IAM::ServerCertificate`; the rule's account-level result is `AWS::::Account`. */
  readonly resourceType?: string;
  readonly resourceId: string;
  readonly complianceType: 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';
  readonly annotation?: string;
  readonly recordedAt: Date;
}

/** One recorded resource of a source account. */
export interface AggregateResourceSeed {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly resourceName?: string;
}

/** One row of DescribeConfigurationAggregatorSourcesStatus (Config API reference, AggregatedSourceStatus). */
export interface SourceStatusSeed {
  /** A source account's id, or the organization's id (`o-…`). */
  readonly sourceId: string;
  readonly sourceType: 'ACCOUNT' | 'ORGANIZATION';
  readonly region: string;
  readonly status: 'FAILED' | 'SUCCEEDED' | 'OUTDATED';
  readonly updatedAt?: Date;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

/** What one configuration aggregator holds. */
export interface AggregatorSeed {
  readonly results: readonly AggregateResultSeed[];
  readonly resources: readonly AggregateResourceSeed[];
  /**
   * Source accounts whose detail calls fail with a 500 InternalFailure, which
   * the SDK retries like any server error: an account the report must list as missing.
   */
  readonly unreadableAccounts?: readonly string[];
  /** An account aggregator over these accounts (AccountAggregationSources); absent, an organization aggregator. */
  readonly accountIds?: readonly string[];
  /** The regions aggregated (AwsRegions); absent, AllAwsRegions. */
  readonly regions?: readonly string[];
  /**
   * The sources' status; absent, SUCCEEDED for each source in each region it
   * has data in: each listed account for an account aggregator (in the
   * aggregator's regions, or its home region when it has no data), the
   * organization for an organization aggregator.
   */
  readonly sourceStatuses?: readonly SourceStatusSeed[];
  /**
   * Whether DescribeAggregateComplianceByConfigRules lists a rule whose
   * results in an account and region are all NOT_APPLICABLE (as
   * INSUFFICIENT_DATA). The reference says it "does not display rules that do
   * not have compliance results", and DescribeComplianceByConfigRule calls a
   * rule whose Lambda "returned NOT_APPLICABLE for all evaluation results"
   * INSUFFICIENT_DATA; whether the aggregate listing shows such a rule is not
   * documented. Default false (not listed); true models the other reading.
   */
  readonly listsRulesWithoutCompliance?: boolean;
}

/** One aggregator as the store keeps it: its seed plus what Config assigns when it is created. */
export interface StoredAggregator {
  readonly name: string;
  readonly seed: AggregatorSeed;
  readonly arn: string;
  readonly createdAt: Date;
}


/**
 * ConfigRuleComplianceFilters.ComplianceType and GetAggregateComplianceDetailsByConfigRule's
 * ComplianceType: the enum has four values, but "AWS Config supports only COMPLIANT and
 * NON_COMPLIANT" for both (Config API reference, ConfigRuleComplianceFilters and
 * GetAggregateComplianceDetailsByConfigRule). Both operations' only parameter error is
 * ValidationException (their Errors sections, and the SDK's model of each command).
 */
const COMPLIANCE_TYPES = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA'] as const;
const SUPPORTED_COMPLIANCE_FILTERS: ReadonlySet<unknown> = new Set(['COMPLIANT', 'NON_COMPLIANT']);

function checkComplianceFilter(value: unknown, field: string): void {
  if (value === undefined || SUPPORTED_COMPLIANCE_FILTERS.has(value)) return;
  if (!(COMPLIANCE_TYPES as readonly unknown[]).includes(value)) {
    throw validation(`1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must satisfy enum value set: [${COMPLIANCE_TYPES.join(', ')}]`);
  }
  throw validation(`${field} ${String(value)} is not supported: only COMPLIANT and NON_COMPLIANT can be filtered on.`);
}

/** The aggregators of the account that owns them, by name. */
export class AggregatorStore {
  private readonly aggregators = new Map<string, StoredAggregator>();

  public constructor(public readonly ownerAccountId: string) {}

  public seed(name: string, seed: AggregatorSeed): void {
    // ConfigurationAggregatorArn's pattern in the Config API model:
    // arn:aws[a-z\-]*:config:[a-z\-\d]+:\d+:config-aggregator/config-aggregator-[a-z\d]+
    const suffix = Buffer.from(name).toString('hex').slice(0, 8).padEnd(8, '0');
    const arn = `arn:aws:config:${AGGREGATOR_HOME_REGION}:${this.ownerAccountId}:config-aggregator/config-aggregator-${suffix}`;
    this.aggregators.set(name, { name, seed, arn, createdAt: new Date() });
  }

  /** Every aggregator, by name. */
  public all(): StoredAggregator[] {
    return [...this.aggregators.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  public clear(): void {
    this.aggregators.clear();
  }

  /** The aggregator a request names; NoSuchConfigurationAggregatorException as Config answers for an unknown name. */
  public named(body: Readonly<Record<string, unknown>>): AggregatorSeed {
    return this.stored(body['ConfigurationAggregatorName'], 'configurationAggregatorName').seed;
  }

  /** The aggregator called `name`, checked against the name's documented pattern `[\w\-]+`, 1 to 256 characters. */
  public stored(name: unknown, field: string): StoredAggregator {
    if (typeof name !== 'string' || !/^[\w-]{1,256}$/.test(name)) {
      throw validation(`1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\-]+`);
    }
    const aggregator = this.aggregators.get(name);
    if (aggregator === undefined) throw new ServiceError('NoSuchConfigurationAggregatorException', `The configuration aggregator ${name} does not exist.`);
    return aggregator;
  }
}


/** The aggregate operations the stand-in answers; `undefined` for any other. */
export function runAggregatorOperation(store: AggregatorStore, operation: string, body: Readonly<Record<string, unknown>>, paginate: Paginate): unknown {
  switch (operation) {
    case 'DescribeAggregateComplianceByConfigRules':
      return describeCompliance(store.named(body), body, paginate);
    case 'GetAggregateComplianceDetailsByConfigRule':
      return complianceDetails(store.named(body), body, paginate);
    case 'ListAggregateDiscoveredResources':
      return discoveredResources(store.named(body), body, paginate);
    case 'DescribeConfigurationAggregators':
      return describeAggregators(store, body, paginate);
    case 'DescribeConfigurationAggregatorSourcesStatus':
      return sourcesStatus(store.stored(body['ConfigurationAggregatorName'], 'configurationAggregatorName'), body, paginate);
    default:
      return undefined;
  }
}

function filtersOf(body: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const filters = body['Filters'];
  return typeof filters === 'object' && filters !== null ? (filters as Record<string, unknown>) : {};
}

// DescribeAggregateComplianceByConfigRules: Limit 0-1000, 0 or absent = the maximum; one entry per
// rule, account and region with results ("Does not display rules that do not have compliance
// results"); Filters ConfigRuleName, ComplianceType, AccountId, AwsRegion
// (https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeAggregateComplianceByConfigRules.html).
function describeCompliance(aggregator: AggregatorSeed, body: Readonly<Record<string, unknown>>, paginate: Paginate): unknown {
  const limit = limitOf(body['Limit'], 1000, 1000);
  const filters = filtersOf(body);
  checkComplianceFilter(filters['ComplianceType'], 'filters.complianceType');
  const groups = new Map<string, { ruleName: string; accountId: string; region: string; nonCompliant: number; compliant: boolean }>();
  for (const result of aggregator.results) {
    if (result.complianceType === 'NOT_APPLICABLE' && aggregator.listsRulesWithoutCompliance !== true) continue;
    const key = `${result.ruleName}/${result.accountId}/${result.region}`;
    const group = groups.get(key) ?? { ruleName: result.ruleName, accountId: result.accountId, region: result.region, nonCompliant: 0, compliant: false };
    if (result.complianceType === 'NON_COMPLIANT') group.nonCompliant += 1;
    else if (result.complianceType === 'COMPLIANT') group.compliant = true;
    groups.set(key, group);
  }
  const entries = [...groups.values()]
    .map((group) => ({ ...group, complianceType: group.nonCompliant > 0 ? 'NON_COMPLIANT' : group.compliant ? 'COMPLIANT' : 'INSUFFICIENT_DATA' }))
    .filter(
      (group) =>
        (filters['ConfigRuleName'] === undefined || filters['ConfigRuleName'] === group.ruleName) &&
        (filters['AccountId'] === undefined || filters['AccountId'] === group.accountId) &&
        (filters['AwsRegion'] === undefined || filters['AwsRegion'] === group.region) &&
        (filters['ComplianceType'] === undefined || filters['ComplianceType'] === group.complianceType),
    );
  const { page, nextToken } = paginate(entries, body['NextToken'], limit);
  return {
    AggregateComplianceByConfigRules: page.map((group) => ({
      ConfigRuleName: group.ruleName,
      AccountId: group.accountId,
      AwsRegion: group.region,
      Compliance: {
        ComplianceType: group.complianceType,
        ...(group.nonCompliant > 0 ? { ComplianceContributorCount: { CappedCount: Math.min(group.nonCompliant, 100), CapExceeded: group.nonCompliant > 100 } } : {}),
      },
    })),
    ...(nextToken === undefined ? {} : { NextToken: nextToken }),
  };
}

// GetAggregateComplianceDetailsByConfigRule: ConfigRuleName, AccountId (\d{12}) and AwsRegion
// required; Limit 0-100, default 50; ComplianceType (a top-level parameter, not in Filters)
// COMPLIANT or NON_COMPLIANT only
// (https://docs.aws.amazon.com/config/latest/APIReference/API_GetAggregateComplianceDetailsByConfigRule.html).
function complianceDetails(aggregator: AggregatorSeed, body: Readonly<Record<string, unknown>>, paginate: Paginate): unknown {
  const ruleName = body['ConfigRuleName'];
  const accountId = body['AccountId'];
  const region = body['AwsRegion'];
  if (typeof ruleName !== 'string' || ruleName === '') throw validation("1 validation error detected: Value null at 'configRuleName' failed to satisfy constraint: Member must not be null");
  if (typeof accountId !== 'string' || !/^\d{12}$/.test(accountId)) throw validation("1 validation error detected: Value at 'accountId' failed to satisfy constraint: Member must satisfy regular expression pattern: \\d{12}");
  if (typeof region !== 'string' || region === '' || region.length > 64) throw validation("1 validation error detected: Value null at 'awsRegion' failed to satisfy constraint: Member must not be null");
  const complianceType = body['ComplianceType'];
  checkComplianceFilter(complianceType, 'complianceType');
  const limit = limitOf(body['Limit'], 50, 100);
  if (aggregator.unreadableAccounts?.includes(accountId) === true) {
    throw new ServiceError('InternalFailure', `The stand-in cannot read account ${accountId} (seeded as unreadable).`, 500);
  }
  const results = aggregator.results.filter(
    (result) => result.ruleName === ruleName && result.accountId === accountId && result.region === region && (complianceType === undefined || result.complianceType === complianceType),
  );
  const { page, nextToken } = paginate(results, body['NextToken'], limit);
  return {
    AggregateEvaluationResults: page.map((result) => ({
      EvaluationResultIdentifier: {
        EvaluationResultQualifier: { ConfigRuleName: result.ruleName, ResourceType: result.resourceType ?? 'AWS::IAM::ServerCertificate', ResourceId: result.resourceId, EvaluationMode: 'DETECTIVE' },
        OrderingTimestamp: epochSeconds(result.recordedAt),
      },
      ComplianceType: result.complianceType,
      ResultRecordedTime: epochSeconds(result.recordedAt),
      ConfigRuleInvokedTime: epochSeconds(result.recordedAt),
      ...(result.annotation === undefined ? {} : { Annotation: result.annotation }),
      AccountId: result.accountId,
      AwsRegion: result.region,
    })),
    ...(nextToken === undefined ? {} : { NextToken: nextToken }),
  };
}

// ListAggregateDiscoveredResources: ResourceType required; Limit 0-100, 0 or absent = 100;
// Filters AccountId, ResourceId, ResourceName, Region
// (https://docs.aws.amazon.com/config/latest/APIReference/API_ListAggregateDiscoveredResources.html).
function discoveredResources(aggregator: AggregatorSeed, body: Readonly<Record<string, unknown>>, paginate: Paginate): unknown {
  const resourceType = body['ResourceType'];
  if (typeof resourceType !== 'string' || resourceType === '') throw validation("1 validation error detected: Value null at 'resourceType' failed to satisfy constraint: Member must not be null");
  const limit = limitOf(body['Limit'], 100, 100);
  const filters = filtersOf(body);
  const resources = aggregator.resources.filter(
    (resource) =>
      resource.resourceType === resourceType &&
      (filters['AccountId'] === undefined || filters['AccountId'] === resource.accountId) &&
      (filters['Region'] === undefined || filters['Region'] === resource.region) &&
      (filters['ResourceId'] === undefined || filters['ResourceId'] === resource.resourceId) &&
      (filters['ResourceName'] === undefined || filters['ResourceName'] === resource.resourceName),
  );
  const { page, nextToken } = paginate(resources, body['NextToken'], limit);
  return {
    ResourceIdentifiers: page.map((resource) => ({
      SourceAccountId: resource.accountId,
      SourceRegion: resource.region,
      ResourceId: resource.resourceId,
      ResourceType: resource.resourceType,
      ...(resource.resourceName === undefined ? {} : { ResourceName: resource.resourceName }),
    })),
    ...(nextToken === undefined ? {} : { NextToken: nextToken }),
  };
}
