import { isoSeconds } from '../../core/annotation';
import { SourceUpdateStatus, type AggregatorSources, type SourceStatus } from '../../adapters/config-aggregate-types';
import { isActive, type OrganizationAccounts } from '../../adapters/organization-accounts';
import type { MissingAccount } from './aggregate-rows';
import type { CoverageVerdict } from './html-report-model';
import { ACCOUNT_ID } from '../../core/account-id';

/** Which accounts the report covers, which it misses and why, whether that count can be trusted, and what Config cannot tell. */
export interface AggregateCoverage {
  /** Every account the report should cover, as far as it can tell, sorted. */
  readonly accounts: readonly string[];
  readonly missing: readonly MissingAccount[];
  /** Whether `accounts` is known to be every account there is, and against what. */
  readonly verdict: CoverageVerdict;
  /** Facts about the coverage that are no account's: the kind of aggregator, organization-wide failures, stale sources. */
  readonly notes: readonly string[];
}

/** What the coverage is judged from. */
export interface CoverageInput {
  readonly sources: AggregatorSources;
  readonly statuses: readonly SourceStatus[];
  /**
   * For an organization aggregator, AWS Organizations' account list, or why
   * it could not be read; `undefined` for an account aggregator, whose
   * description lists its accounts.
   */
  readonly organization: OrganizationAccounts | undefined;
  /** Accounts with any result of the deployment's rules, about a certificate or about the account (`AWS::::Account`). */
  readonly accountsReporting: ReadonlySet<string>;
  /** Per account, how many recorded IAM server certificates the deployment's rules have no result for, and how many are recorded. */
  readonly unevaluated: ReadonlyMap<string, { readonly unevaluated: number; readonly recorded: number }>;
  /** Accounts one of whose detail calls failed, with the reason. */
  readonly readFailures: ReadonlyMap<string, string>;
  /**
   * The regions this report reads from (its rules' results and the recorded
   * certificates). A source that FAILED elsewhere withholds nothing the report
   * reads, so it is a note, not a missing account.
   */
  readonly ruleRegions: ReadonlySet<string>;
  /** What was asked for in accounts that sent nothing, when anything was (see aggregate-probe.ts), for the reason. */
  readonly asked: string | undefined;
  /** Per account, rules named as the deployment's whose deployment is not proven (aggregate-proof.ts); their results do not count. */
  readonly unproven?: ReadonlyMap<string, readonly string[]>;
  /**
   * Per account with proven results elsewhere, the rules (`name in region`)
   * of regions where its only results come from unproven rules: those
   * regions are unverified, and so is the account.
   */
  readonly unprovenRegions?: ReadonlyMap<string, readonly string[]>;
}

/**
 * The accounts the report expects to hear from, before any data: those an
 * account aggregator lists, the ACTIVE (or unknown-state) accounts AWS
 * Organizations lists, and every account a source status names.
 */
export function expectedAccounts(sources: AggregatorSources, statuses: readonly SourceStatus[], organization: OrganizationAccounts | undefined): string[] {
  const active = organization?.readable === true ? organization.accounts.filter(isActive).map((account) => account.id) : [];
  const statusAccounts = statuses.map((status) => status.sourceId).filter((sourceId) => ACCOUNT_ID.test(sourceId));
  return [...new Set([...sources.accountIds, ...active, ...statusAccounts])].sort();
}
/** Names (accounts, rules) listed in a note, at most; the rest are counted. */
const NOTE_NAMES = 20;

/**
 * Cross-checks the data the aggregator returned against the accounts the
 * report should cover: those an account aggregator lists, the ACTIVE accounts
 * AWS Organizations lists for an organization aggregator, and those any
 * source status names, besides every account that sent data. An account is
 * missing when none of the deployment's rules reported there, when the rules
 * have no result for some of its recorded certificates, when any of its
 * sources FAILED ("errors while moving data",
 * DescribeConfigurationAggregatorSourcesStatus), or when a detail call for it
 * failed; the reason says which.
 *
 * An organization aggregator does not name its member accounts
 * (DescribeConfigurationAggregators gives only the role and regions): without
 * AWS Organizations' list, an account that never sent any data and has no
 * status of its own cannot be seen, so the coverage is unverified rather than
 * counted.
 */
export function aggregateCoverage(input: CoverageInput): AggregateCoverage {
  const byAccount = new Map<string, SourceStatus[]>();
  const organizationStatuses: SourceStatus[] = [];
  for (const status of input.statuses) {
    if (ACCOUNT_ID.test(status.sourceId)) byAccount.set(status.sourceId, [...(byAccount.get(status.sourceId) ?? []), status]);
    else organizationStatuses.push(status);
  }
  const listed = input.organization?.readable === true ? input.organization.accounts : [];
  const active = listed.filter(isActive).length;
  const withData = new Set([...input.accountsReporting, ...input.unevaluated.keys()]);
  const expected = expectedAccounts(input.sources, input.statuses, input.organization);
  const unproven = input.unproven ?? new Map<string, readonly string[]>();
  const accounts = [...new Set([...expected, ...withData, ...input.readFailures.keys(), ...unproven.keys()])].sort();

  const counts = (status: SourceStatus): boolean => status.region === undefined || input.ruleRegions.has(status.region);
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
    const unevaluated = input.unevaluated.get(accountId);
    if (!withData.has(accountId)) {
      const stale = statuses.filter((status) => status.status === SourceUpdateStatus.Outdated).map(describeStatus);
      const none = statuses.length === 0 ? ', nor any source status' : '';
      const asked = input.asked === undefined ? '' : ` (${input.asked})`;
      const names = unproven.get(accountId);
      if (names !== undefined) reasons.push(`unverified: its only results come from rules not proven to be the deployment's (${names.join(', ')})`);
      else reasons.push(`no result of the deployment's rules and no recorded IAM server certificates in the aggregator${none}${asked}`, ...stale);
    } else {
      const names = unproven.get(accountId);
      if (names !== undefined && !input.accountsReporting.has(accountId)) reasons.push(`unverified: its only results come from rules not proven to be the deployment's (${names.join(', ')})`);
      else if (unevaluated !== undefined && failure === undefined) reasons.push(describeUnevaluated(unevaluated, input.accountsReporting.has(accountId)));
      const regions = input.unprovenRegions?.get(accountId);
      if (regions !== undefined) reasons.push(`unverified in a region: its only results there come from rules not proven to be the deployment's (${regions.join(', ')})`);
      if (statuses.some((status) => status.status === SourceUpdateStatus.Outdated)) outdated.push(accountId);
    }
    if (reasons.length > 0) missing.push({ accountId, reason: reasons.join('; ') });
  }

  const notes: string[] = [describeSources(input.sources)];
  const verdict = verdictOf(input, active);
  if (input.sources.kind === 'organization') notes.push(organizationNote(input.organization, active));
  const inactive = input.organization?.readable === true ? inactiveWithData(input.organization, withData) : [];
  if (inactive.length > 0) {
    notes.push(`Results from ${inactive.length} account${inactive.length === 1 ? '' : 's'} AWS Organizations does not list as ACTIVE (kept in the report): ${named(inactive)}.`);
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
    notes.push(`Aggregation OUTDATED (data not the most recent) for ${outdated.length} account${outdated.length === 1 ? '' : 's'} with data: ${named(outdated)}; see LAST EVALUATED.`);
  }
  return { accounts, missing, verdict, notes };
}

/** Verified against the aggregator's own list, or against AWS Organizations; unverified when an organization's list could not be read. */
function verdictOf(input: CoverageInput, active: number): CoverageVerdict {
  if (input.sources.kind === 'accounts') return { verified: true, basis: `the ${input.sources.accountIds.length} account${input.sources.accountIds.length === 1 ? '' : 's'} the aggregator lists` };
  const organization = input.organization;
  if (organization?.readable === true) return { verified: true, basis: `the ${active} ACTIVE account${active === 1 ? '' : 's'} AWS Organizations lists (ListAccounts)` };
  return {
    verified: false,
    reason: `Config does not list an organization's accounts, and AWS Organizations' list could not be read (${organization?.reason ?? 'not asked'}), so accounts that sent nothing cannot be counted`,
  };
}

function organizationNote(organization: OrganizationAccounts | undefined, active: number): string {
  if (organization?.readable === true) {
    return `Organization aggregator: Config does not list the organization's accounts; they were compared with AWS Organizations (ListAccounts: ${active} ACTIVE account${active === 1 ? '' : 's'}), and every ACTIVE account that sent nothing is listed as missing.`;
  }
  return "Organization aggregator: Config does not list the organization's accounts and AWS Organizations could not be read, so an account whose data never reached the aggregator cannot be seen here: coverage unverified (run the report as the management account or a delegated administrator with organizations:ListAccounts).";
}

function inactiveWithData(organization: Extract<OrganizationAccounts, { readable: true }>, withData: ReadonlySet<string>): string[] {
  const state = new Map(organization.accounts.map((account) => [account.id, account]));
  return [...withData]
    .filter((accountId) => {
      const account = state.get(accountId);
      return account === undefined || !isActive(account);
    })
    .sort()
    .map((accountId) => `${accountId} (${state.get(accountId)?.state ?? 'not in the organization'})`);
}

function describeUnevaluated(counts: { readonly unevaluated: number; readonly recorded: number }, reporting: boolean): string {
  const plural = counts.recorded === 1 ? '' : 's';
  return reporting
    ? `${counts.unevaluated} of ${counts.recorded} recorded IAM server certificate${plural} with no result of the deployment's rules (NOT_EVALUATED)`
    : `${counts.recorded} recorded IAM server certificate${plural}, but no result of the deployment's rules at all (are the rules deployed there?)`;
}

/** The first names of a note's list, the rest counted: "a, b, c and 7 more". */
export function named(names: readonly string[]): string {
  const more = names.length > NOTE_NAMES ? ` and ${names.length - NOTE_NAMES} more` : '';
  return `${names.slice(0, NOTE_NAMES).join(', ')}${more}`;
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
