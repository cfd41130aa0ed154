import { AGGREGATOR_HOME_REGION, limitOf, validation, type Paginate } from './aggregator-common';
import type { AggregatorStore, SourceStatusSeed, StoredAggregator } from './aggregator-service';
import { epochSeconds } from './config-json';

/** The organization id the stand-in's organization aggregators collect from (`o-` and 10 to 32 lowercase alphanumerics, Organizations API reference, Organization.Id). */
export const STAND_IN_ORGANIZATION_ID = 'o-standin001';

// DescribeConfigurationAggregators: ConfigurationAggregatorNames 0 to 10 names; Limit 0-100, "the
// default is maximum"; an unknown name is NoSuchConfigurationAggregatorException
// (https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationAggregators.html).
const MAX_NAMES = 10;
const AGGREGATORS_PAGE = 100;
// DescribeConfigurationAggregatorSourcesStatus: Limit 0-100, "the default is maximum"; UpdateStatus
// at least 1 of FAILED, SUCCEEDED, OUTDATED
// (https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationAggregatorSourcesStatus.html).
const SOURCES_PAGE = 100;
const UPDATE_STATUSES: readonly unknown[] = ['FAILED', 'SUCCEEDED', 'OUTDATED'];

// A request that breaks a member's constraint (length, enum) is a ValidationException, the
// common error of every AWS API (Config API reference, Common Errors).

/** DescribeConfigurationAggregators: the named aggregators (or all), each with its account or organization source. */
export function describeAggregators(store: AggregatorStore, body: Readonly<Record<string, unknown>>, paginate: Paginate): unknown {
  const names = body['ConfigurationAggregatorNames'];
  if (names !== undefined && !Array.isArray(names)) throw validation("1 validation error detected: Value at 'configurationAggregatorNames' failed to satisfy constraint: Member must be a list");
  if (Array.isArray(names) && names.length > MAX_NAMES) {
    throw validation(`1 validation error detected: Value at 'configurationAggregatorNames' failed to satisfy constraint: Member must have length less than or equal to ${MAX_NAMES}`);
  }
  const limit = limitOf(body['Limit'], AGGREGATORS_PAGE, AGGREGATORS_PAGE);
  const chosen = Array.isArray(names) && names.length > 0 ? names.map((name) => store.stored(name, 'configurationAggregatorNames.member')) : store.all();
  const { page, nextToken } = paginate(chosen, body['NextToken'], limit);
  return { ConfigurationAggregators: page.map((aggregator) => aggregatorShape(store, aggregator)), ...(nextToken === undefined ? {} : { NextToken: nextToken }) };
}

function aggregatorShape(store: AggregatorStore, aggregator: StoredAggregator): unknown {
  const { seed } = aggregator;
  const regions = seed.regions === undefined ? { AllAwsRegions: true } : { AllAwsRegions: false, AwsRegions: [...seed.regions] };
  const source =
    seed.accountIds === undefined
      ? { OrganizationAggregationSource: { RoleArn: `arn:aws:iam::${store.ownerAccountId}:role/ConfigAggregatorOrganizationRole`, ...regions } }
      : { AccountAggregationSources: [{ AccountIds: [...seed.accountIds], ...regions }] };
  return {
    ConfigurationAggregatorName: aggregator.name,
    ConfigurationAggregatorArn: aggregator.arn,
    ...source,
    CreationTime: epochSeconds(aggregator.createdAt),
    LastUpdatedTime: epochSeconds(aggregator.createdAt),
  };
}

/** DescribeConfigurationAggregatorSourcesStatus: one row per source and region, filtered by UpdateStatus, paged. */
export function sourcesStatus(aggregator: StoredAggregator, body: Readonly<Record<string, unknown>>, paginate: Paginate): unknown {
  const filter = body['UpdateStatus'];
  if (filter !== undefined) {
    if (!Array.isArray(filter) || filter.length === 0) {
      throw validation("1 validation error detected: Value '[]' at 'updateStatus' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }
    const unknown = filter.find((value) => !UPDATE_STATUSES.includes(value));
    if (unknown !== undefined) {
      throw validation(`1 validation error detected: Value '[${filter.map(String).join(', ')}]' at 'updateStatus' failed to satisfy constraint: Member must satisfy enum value set: [FAILED, SUCCEEDED, OUTDATED]`);
    }
  }
  const limit = limitOf(body['Limit'], SOURCES_PAGE, SOURCES_PAGE);
  const rows = statusesOf(aggregator).filter((row) => !Array.isArray(filter) || filter.includes(row.status));
  const { page, nextToken } = paginate(rows, body['NextToken'], limit);
  return {
    AggregatedSourceStatusList: page.map((row) => ({
      SourceId: row.sourceId,
      SourceType: row.sourceType,
      AwsRegion: row.region,
      LastUpdateStatus: row.status,
      LastUpdateTime: epochSeconds(row.updatedAt ?? aggregator.createdAt),
      ...(row.errorCode === undefined ? {} : { LastErrorCode: row.errorCode }),
      ...(row.errorMessage === undefined ? {} : { LastErrorMessage: row.errorMessage }),
    })),
    ...(nextToken === undefined ? {} : { NextToken: nextToken }),
  };
}

/** The seeded statuses, or SUCCEEDED for every source in every region it has data in (see AggregatorSeed.sourceStatuses). */
function statusesOf(aggregator: StoredAggregator): readonly SourceStatusSeed[] {
  const { seed } = aggregator;
  if (seed.sourceStatuses !== undefined) return seed.sourceStatuses;
  const regionsWithData = new Map<string, Set<string>>();
  for (const item of [...seed.results, ...seed.resources]) {
    regionsWithData.set(item.accountId, (regionsWithData.get(item.accountId) ?? new Set()).add(item.region));
  }
  if (seed.accountIds === undefined) {
    const regions = seed.regions ?? [...new Set([...regionsWithData.values()].flatMap((set) => [...set]))].sort();
    return regions.map((region) => ({ sourceId: STAND_IN_ORGANIZATION_ID, sourceType: 'ORGANIZATION', region, status: 'SUCCEEDED' }));
  }
  return seed.accountIds.flatMap((accountId) =>
    (seed.regions ?? [...(regionsWithData.get(accountId) ?? [AGGREGATOR_HOME_REGION])].sort()).map((region) => ({
      sourceId: accountId,
      sourceType: 'ACCOUNT' as const,
      region,
      status: 'SUCCEEDED' as const,
    })),
  );
}
