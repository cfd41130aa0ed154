import { isoSeconds } from '../../core/annotation';
import type { MissingAccount } from './aggregate-rows';
import { SourceUpdateStatus, type AggregatorSources, type SourceStatus } from '../../adapters/config-aggregate-types';

/** Which accounts the report covers, which it misses and why, and what Config cannot tell. */
export interface AggregateCoverage {
  /** Every account the aggregator should cover, as far as Config tells, sorted. */
  readonly accounts: readonly string[];
  readonly missing: readonly MissingAccount[];
  /** Facts about the coverage that are no account's: the kind of aggregator, organization-wide failures, stale sources. */
  readonly notes: readonly string[];
}

/** What the coverage is judged from. */
export interface CoverageInput {
  readonly sources: AggregatorSources;
  readonly statuses: readonly SourceStatus[];
  /** Accounts with a result of this report's rules or a recorded certificate in the aggregator. */
  readonly accountsWithData: ReadonlySet<string>;
  /** Accounts one of whose detail calls failed, with the reason. */
  readonly readFailures: ReadonlyMap<string, string>;
  /**
   * The regions this report reads from (its rules' results and the recorded
   * certificates). A source that FAILED elsewhere withholds nothing the report
   * reads, so it is a note, not a missing account.
   */
  readonly ruleRegions: ReadonlySet<string>;
}

const ACCOUNT_ID = /^\d{12}$/;
/** Outdated accounts named in a note, at most; the rest are counted. */
const NOTE_NAMES = 20;

/**
 * Cross-checks the data the aggregator returned against the accounts it
 * should cover: those an account aggregator lists and those any source
 * status names, besides every account that sent data. An account is missing
 * when it sent no data at all, when any of its sources FAILED ("errors while
 * moving data", DescribeConfigurationAggregatorSourcesStatus), or when a
 * detail call for it failed; the reason says which. An organization
 * aggregator does not name its member accounts (DescribeConfigurationAggregators
 * gives only the role and regions), so there an account that never sent any
 * data and has no status of its own cannot be seen: a note says so.
 */
export function aggregateCoverage(input: CoverageInput): AggregateCoverage {
  const byAccount = new Map<string, SourceStatus[]>();
  const organizationStatuses: SourceStatus[] = [];
  for (const status of input.statuses) {
    if (ACCOUNT_ID.test(status.sourceId)) byAccount.set(status.sourceId, [...(byAccount.get(status.sourceId) ?? []), status]);
    else organizationStatuses.push(status);
  }
  const accounts = [...new Set([...input.sources.accountIds, ...byAccount.keys(), ...input.accountsWithData, ...input.readFailures.keys()])].sort();

  const counts = (status: SourceStatus): boolean =>
    status.region === undefined || input.ruleRegions.has(status.region);
  const missing: MissingAccount[] = [];
  const outdated: string[] = [];
  const failedElsewhere = new Map<string, number>();
  for (const accountId of accounts) {
    const statuses = byAccount.get(accountId) ?? [];
    const reasons: string[] = [];
    const failure = input.readFailures.get(accountId);
    if (failure !== undefined) reasons.push(failure);
    const failed = statuses.filter((status) => status.status === SourceUpdateStatus.Failed);
    reasons.push(...failed.filter(counts).map(describeStatus));
    for (const status of failed.filter((candidate) => !counts(candidate))) {
      failedElsewhere.set(status.region ?? '', (failedElsewhere.get(status.region ?? '') ?? 0) + 1);
    }
    if (!input.accountsWithData.has(accountId)) {
      const stale = statuses.filter((status) => status.status === SourceUpdateStatus.Outdated).map(describeStatus);
      const none = statuses.length === 0 ? ', nor any source status' : '';
      reasons.push(`no rule results and no recorded IAM server certificates in the aggregator${none}`, ...stale);
    } else if (statuses.some((status) => status.status === SourceUpdateStatus.Outdated)) {
      outdated.push(accountId);
    }
    if (reasons.length > 0) missing.push({ accountId, reason: reasons.join('; ') });
  }

  const notes: string[] = [describeSources(input.sources)];
  if (input.sources.kind === 'organization') {
    notes.push(
      "Organization aggregator: Config does not list the organization's accounts, so the accounts counted are those with data or a source status in the aggregator; an account whose data never reached the aggregator cannot be seen here (compare with the account list of AWS Organizations).",
    );
  }
  for (const status of organizationStatuses) {
    if (status.status === SourceUpdateStatus.Failed || status.status === SourceUpdateStatus.Outdated) {
      notes.push(`Organization source ${status.sourceId}: ${describeStatus(status)}; accounts' data from there may be missing or old.`);
    }
  }
  for (const [region, count] of [...failedElsewhere].sort(([a], [b]) => a.localeCompare(b))) {
    notes.push(`Aggregation FAILED in ${region} for ${count} account${count === 1 ? '' : 's'}, a region the rules do not report from: nothing in this report comes from there.`);
  }
  if (outdated.length > 0) {
    const named = outdated.slice(0, NOTE_NAMES).join(', ');
    const more = outdated.length > NOTE_NAMES ? ` and ${outdated.length - NOTE_NAMES} more` : '';
    notes.push(`Aggregation OUTDATED (data not the most recent) for ${outdated.length} account${outdated.length === 1 ? '' : 's'} with data: ${named}${more}; see LAST EVALUATED.`);
  }
  return { accounts, missing, notes };
}

function describeSources(sources: AggregatorSources): string {
  const regions = sources.regions === 'all' ? 'all regions (AllAwsRegions)' : `regions ${sources.regions.join(', ') || 'none'}`;
  return sources.kind === 'organization'
    ? `Aggregates an organization, ${regions}.`
    : `Aggregates ${sources.accountIds.length} listed account${sources.accountIds.length === 1 ? '' : 's'}, ${regions}.`;
}

function describeStatus(status: SourceStatus): string {
  const when = status.updatedAt === undefined ? '' : ` (last update ${isoSeconds(status.updatedAt)})`;
  const error = [status.errorCode, status.errorMessage].filter((part) => part !== undefined && part !== '').join(': ');
  return `aggregation ${status.status ?? 'status unknown'} in ${status.region ?? 'an unnamed region'}${when}${error === '' ? '' : `: ${error}`}`;
}
