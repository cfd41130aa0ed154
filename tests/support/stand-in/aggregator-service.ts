import { epochSeconds } from './config-json';
import { ServiceError } from './reply';

/** One evaluation result as a source account reported it to its Config. */
export interface AggregateResultSeed {
  readonly ruleName: string;
  readonly accountId: string;
  readonly region: string;
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

/** What one configuration aggregator holds. */
export interface AggregatorSeed {
  readonly results: readonly AggregateResultSeed[];
  readonly resources: readonly AggregateResourceSeed[];
  /**
   * Source accounts whose detail calls fail with a 500 InternalFailure, which
   * the SDK retries like any server error: an account the report must list as missing.
   */
  readonly unreadableAccounts?: readonly string[];
}

const validation = (message: string): ServiceError => new ServiceError('ValidationException', message);
// InvalidLimitException: "The specified limit is outside the allowable range" (Config API reference, Errors of each aggregate operation).
const invalidLimit = (field: string, max: number): ServiceError => new ServiceError('InvalidLimitException', `Value at '${field}' must be from 0 to ${max}`);

/** The aggregators of the account that owns them, by name. */
export class AggregatorStore {
  private readonly aggregators = new Map<string, AggregatorSeed>();

  public seed(name: string, seed: AggregatorSeed): void {
    this.aggregators.set(name, seed);
  }

  public clear(): void {
    this.aggregators.clear();
  }

  /** The aggregator a request names; NoSuchConfigurationAggregatorException as Config answers for an unknown name. */
  public named(body: Readonly<Record<string, unknown>>): AggregatorSeed {
    const name = body['ConfigurationAggregatorName'];
    if (typeof name !== 'string' || !/^[\w-]{1,256}$/.test(name)) {
      throw validation("1 validation error detected: Value at 'configurationAggregatorName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\-]+");
    }
    const aggregator = this.aggregators.get(name);
    if (aggregator === undefined) throw new ServiceError('NoSuchConfigurationAggregatorException', `The configuration aggregator ${name} does not exist.`);
    return aggregator;
  }
}

type Paginate = <T>(items: readonly T[], token: unknown, limit: number) => { page: T[]; nextToken: string | undefined };

/** The aggregate operations the stand-in answers; `undefined` for any other. */
export function runAggregatorOperation(store: AggregatorStore, operation: string, body: Readonly<Record<string, unknown>>, paginate: Paginate): unknown {
  switch (operation) {
    case 'DescribeAggregateComplianceByConfigRules':
      return describeCompliance(store.named(body), body, paginate);
    case 'GetAggregateComplianceDetailsByConfigRule':
      return complianceDetails(store.named(body), body, paginate);
    case 'ListAggregateDiscoveredResources':
      return discoveredResources(store.named(body), body, paginate);
    default:
      return undefined;
  }
}

function limitOf(value: unknown, fallback: number, max: number): number {
  if (value === undefined || value === 0) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) throw invalidLimit('limit', max);
  return value;
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
  const groups = new Map<string, { ruleName: string; accountId: string; region: string; nonCompliant: number; compliant: boolean }>();
  for (const result of aggregator.results) {
    if (result.complianceType === 'NOT_APPLICABLE') continue;
    const key = `${result.ruleName}/${result.accountId}/${result.region}`;
    const group = groups.get(key) ?? { ruleName: result.ruleName, accountId: result.accountId, region: result.region, nonCompliant: 0, compliant: false };
    if (result.complianceType === 'NON_COMPLIANT') group.nonCompliant += 1;
    else group.compliant = true;
    groups.set(key, group);
  }
  const entries = [...groups.values()]
    .map((group) => ({ ...group, complianceType: group.nonCompliant > 0 ? 'NON_COMPLIANT' : 'COMPLIANT' }))
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
// required; Limit 0-100, default 50; ComplianceType filter COMPLIANT or NON_COMPLIANT only
// (https://docs.aws.amazon.com/config/latest/APIReference/API_GetAggregateComplianceDetailsByConfigRule.html).
function complianceDetails(aggregator: AggregatorSeed, body: Readonly<Record<string, unknown>>, paginate: Paginate): unknown {
  const ruleName = body['ConfigRuleName'];
  const accountId = body['AccountId'];
  const region = body['AwsRegion'];
  if (typeof ruleName !== 'string' || ruleName === '') throw validation("1 validation error detected: Value null at 'configRuleName' failed to satisfy constraint: Member must not be null");
  if (typeof accountId !== 'string' || !/^\d{12}$/.test(accountId)) throw validation("1 validation error detected: Value at 'accountId' failed to satisfy constraint: Member must satisfy regular expression pattern: \\d{12}");
  if (typeof region !== 'string' || region === '' || region.length > 64) throw validation("1 validation error detected: Value null at 'awsRegion' failed to satisfy constraint: Member must not be null");
  const complianceType = body['ComplianceType'];
  if (complianceType !== undefined && complianceType !== 'COMPLIANT' && complianceType !== 'NON_COMPLIANT') {
    throw new ServiceError('InvalidParameterValueException', 'ComplianceType must be COMPLIANT or NON_COMPLIANT for aggregate compliance details.');
  }
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
        EvaluationResultQualifier: { ConfigRuleName: result.ruleName, ResourceType: 'AWS::IAM::ServerCertificate', ResourceId: result.resourceId, EvaluationMode: 'DETECTIVE' },
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
