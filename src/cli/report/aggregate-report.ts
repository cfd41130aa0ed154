import type { AggregateCertificate, AggregateEvaluation, AggregateReader, AggregatorSources, RuleInstance } from '../../adapters/config-aggregate-types';
import type { OrganizationReader } from '../../adapters/organization-accounts';
import { describeError, RuleError } from '../../errors';
import { aggregateCoverage, expectedAccounts, named } from './aggregate-coverage';
import { aggregateExceptionList } from './aggregate-exceptions';
import type { RuleDeploymentProofReader } from '../../adapters/organization-rule-proof';
import { planAggregateFetches, type DeploymentRules } from './aggregate-plan';
import { ORGANIZATION_RULE_NAMES, organizationProofCheck, provenNamesIn, type DeploymentProofCheck } from './aggregate-proof';
import { probeSilentAccounts } from './aggregate-probe';
import { aggregateRows, allWindows, NOT_EVALUATED, windowsByRule, type AggregateRow } from './aggregate-rows';
import type { HtmlReport } from './html-report-model';
import { runBounded } from './run-bounded';

/** What `report --aggregator` reads through. */
export interface AggregateReaders {
  readonly aggregates: AggregateReader;
  /** AWS Organizations' account list, read for an organization aggregator only. */
  readonly organization: OrganizationReader;
  /** Where the organization's rules were deployed, read for an organization aggregator without rule names given (aggregate-proof.ts). */
  readonly ruleDeployments: RuleDeploymentProofReader;
}

/** How `report --aggregator` reads. */
export interface AggregateReadOptions {
  readonly aggregator: string;
  /** Detail calls in flight at once. */
  readonly concurrency: number;
  readonly now: Date;
  readonly days: number;
  /** The deployment's rules: the only ones whose results count. */
  readonly rules: DeploymentRules;
  /** The organization conformance pack that deployed the rules (`--conformance-pack`): the only pack whose members' rules count. */
  readonly conformancePack: string;
  readonly progress: (line: string) => void;
}

/** Progress lines while fetching: about every tenth of the work, and the last. */
const PROGRESS_STEPS = 10;

/**
 * Why the report shows no rule parameters read from the rules: no aggregator
 * operation returns them (DescribeAggregateComplianceByConfigRules gives
 * compliance per rule, account and region; GetAggregateComplianceDetailsByConfigRule
 * gives evaluation results; neither has InputParameters).
 */
const PARAMETERS_SOURCE =
  "A Config aggregator returns no rule parameters (DescribeAggregateComplianceByConfigRules and GetAggregateComplianceDetailsByConfigRule carry none): daysToExpiration is shown as the rules' own annotations state it, not read from the rules' configuration.";

/**
 * Reads the organisation's results through a Config aggregator: what it
 * collects from (DescribeConfigurationAggregators) and how each source fares
 * (DescribeConfigurationAggregatorSourcesStatus), the deployed rules
 * (DescribeAggregateComplianceByConfigRules, since the details call needs each
 * rule's exact name, account and region), then every result of the
 * deployment's rules (`rules`; look-alikes of other rules are noted, never
 * read) per rule × account × region concurrently within `concurrency`, while
 * the certificate inventory is listed and, for an organization aggregator,
 * AWS Organizations' account list is read. Accounts expected but absent from
 * the rule listing are asked for by rule name ({@link probeSilentAccounts}).
 *
 * Every account the report should cover is in `accounts`; one that sent no
 * result of the deployment's rules, holds recorded certificates they did not
 * judge, whose source FAILED, or any of whose calls failed (after the SDK's
 * retries) is listed in `missing` with the reason, its other results staying
 * in the report; `coverage` says whether that account list is checked (see
 * {@link aggregateCoverage}). Fails when the aggregator has no result of the
 * deployment's rules: an empty report would read as "nothing to fix".
 */
export async function readAggregateReport(readers: AggregateReaders, options: AggregateReadOptions): Promise<HtmlReport> {
  const { aggregator, progress, rules } = options;
  const reader = readers.aggregates;
  progress(`reading sources and rules of Config aggregator ${aggregator}`);
  const [sources, statuses, instances, inventory] = await Promise.all([
    reader.sources(aggregator),
    reader.sourceStatuses(aggregator),
    reader.ruleInstances(aggregator),
    reader.certificates(aggregator),
  ]);
  const deployments =
    sources.kind === 'organization' && !rules.explicit
      ? await readers.ruleDeployments.deployments({ organizationRuleNames: ORGANIZATION_RULE_NAMES, conformancePack: options.conformancePack, regions: proofRegions(sources, instances, inventory) })
      : undefined;
  const proof = deployments === undefined ? undefined : organizationProofCheck(deployments);
  const plan = planAggregateFetches(instances, rules, proof);
  if (plan.fetches.length === 0) {
    const lookAlikes = plan.ignored.length === 0 ? '' : ` (${plan.ignored.length} rule deployment${plan.ignored.length === 1 ? ' is' : 's are'} named like them but not as the deployment names its rules; if they are yours, name them with --expired-rule and --expiring-rule)`;
    const unproven = plan.unproven.length === 0 ? '' : ` (${plan.unproven.length} rule deployment${plan.unproven.length === 1 ? ' is' : 's are'} named as the deployment's but not proven to be its: ${unprovenWhy(proof)})`;
    throw new RuleError(`Config aggregator ${aggregator} has no results of ${rules.description}${lookAlikes}${unproven}; deploy the rules or check the aggregator name`);
  }
  progress(`fetching ${plan.fetches.length} rule results in ${plan.accounts.length} accounts, ${options.concurrency} at a time`);
  const [fetched, organization] = await Promise.all([
    fetchAll(reader, aggregator, plan.fetches, options.concurrency, 'rule results', progress),
    sources.kind === 'organization' ? readers.organization.accounts() : Promise.resolve(undefined),
  ]);

  const readFailures = new Map(fetched.failures);
  const ruleRegions = new Set([...plan.fetches.map((fetch) => fetch.region), ...inventory.map((certificate) => certificate.region)]);
  const listed = new Set(plan.accounts);
  const silent = expectedAccounts(sources, statuses, organization).filter((accountId) => !listed.has(accountId) && !readFailures.has(accountId));
  const probe = probeSilentAccounts(
    silent,
    rules,
    plan.fetches,
    [...ruleRegions].sort(),
    proof === undefined || deployments === undefined ? undefined : { check: proof, namesIn: (accountId, region) => provenNamesIn(deployments, accountId, region) },
  );
  let probed: FetchOutcome = { evaluations: [], failures: new Map() };
  if (probe.fetches.length > 0) {
    progress(`asking for the rules by name in ${silent.length} account${silent.length === 1 ? '' : 's'} the rule listing does not show: ${probe.fetches.length} calls`);
    probed = await fetchAll(reader, aggregator, probe.fetches, options.concurrency, 'rules asked for', progress);
    for (const [accountId, reason] of probed.failures) if (!readFailures.has(accountId)) readFailures.set(accountId, reason);
  }

  const evaluations = [...fetched.evaluations, ...probed.evaluations];
  const rows: AggregateRow[] = aggregateRows(evaluations, inventory, rules, options.now, options.days);
  const coverage = aggregateCoverage({
    sources,
    statuses,
    organization,
    accountsReporting: new Set([...plan.accounts, ...probed.evaluations.map((evaluation) => evaluation.accountId)]),
    unevaluated: unevaluatedByAccount(rows, inventory.map((certificate) => certificate.accountId)),
    readFailures,
    ruleRegions,
    asked: probe.asked,
    unproven: unprovenByAccount(plan.unproven),
    unprovenRegions: unprovenRegions(plan.unproven, [...plan.fetches, ...probed.evaluations]),
  });
  const reporting = [...plan.fetches.map((fetch) => fetch.ruleName), ...probed.evaluations.map((evaluation) => evaluation.ruleName)];
  const ruleNames = [...new Set(reporting)].sort();
  const stated = windowsByRule(evaluations);
  return {
    source: `Config aggregator ${aggregator}`,
    generatedAt: options.now,
    days: options.days,
    rules: ruleNames,
    ruleWindows: allWindows(stated),
    ruleParameters: ruleNames.map((rule) => ({ rule, statedWindows: stated.get(rule) ?? [] })),
    parametersSource: PARAMETERS_SOURCE,
    accounts: coverage.accounts,
    missing: coverage.missing,
    coverage: coverage.verdict,
    coverageNotes: [...coverage.notes, ...ignoredNote(plan.ignored, rules), ...unprovenNote(plan.unproven, proof)],
    rows,
    exceptions: aggregateExceptionList(rows),
  };
}

interface FetchOutcome {
  readonly evaluations: readonly AggregateEvaluation[];
  /** Per account, the first failed call and why. */
  readonly failures: ReadonlyMap<string, string>;
}

/** Every result of every instance, `concurrency` calls at a time, with progress about every tenth of the way. */
async function fetchAll(
  reader: AggregateReader,
  aggregator: string,
  instances: readonly RuleInstance[],
  concurrency: number,
  label: string,
  progress: (line: string) => void,
): Promise<FetchOutcome> {
  const step = Math.max(1, Math.ceil(instances.length / PROGRESS_STEPS));
  let failed = 0;
  const outcomes = await runBounded(
    instances,
    concurrency,
    (instance) =>
      reader.evaluations(aggregator, instance).catch((error: unknown) => {
        failed += 1;
        throw error;
      }),
    (done, total) => {
      if (done % step === 0 || done === total) progress(`${label} ${done}/${total}${failed > 0 ? ` (${failed} failed)` : ''}`);
    },
  );
  const evaluations: AggregateEvaluation[] = [];
  const failures = new Map<string, string>();
  outcomes.forEach((outcome, index) => {
    const instance = instances[index] as RuleInstance;
    if (outcome.ok) evaluations.push(...outcome.value);
    else if (!failures.has(instance.accountId)) failures.set(instance.accountId, `${instance.ruleName} in ${instance.region}: ${describeError(outcome.error)}`);
  });
  return { evaluations, failures };
}

/** Per account with recorded certificates the deployment's rules did not judge: how many, of how many recorded. */
function unevaluatedByAccount(rows: readonly AggregateRow[], recordedAccounts: readonly string[]): Map<string, { unevaluated: number; recorded: number }> {
  const recorded = new Map<string, number>();
  for (const accountId of recordedAccounts) recorded.set(accountId, (recorded.get(accountId) ?? 0) + 1);
  const unevaluated = new Map<string, { unevaluated: number; recorded: number }>();
  for (const row of rows) {
    if (row.compliance !== NOT_EVALUATED) continue;
    const counts = unevaluated.get(row.accountId) ?? { unevaluated: 0, recorded: recorded.get(row.accountId) ?? 0 };
    unevaluated.set(row.accountId, { ...counts, unevaluated: counts.unevaluated + 1 });
  }
  return unevaluated;
}

/** Rules named like the deployment's but not its own: never read, named so that an auditor sees a possible forgery. */
function ignoredNote(ignored: readonly RuleInstance[], rules: DeploymentRules): string[] {
  if (ignored.length === 0) return [];
  return [
    `Ignored ${ignored.length} rule deployment${ignored.length === 1 ? '' : 's'} named like the deployment's rules but not ${rules.description}; their results are not read, since any account can create such a rule: ${named(ignored.map(whereDeployed))}.`,
  ];
}

/** Why rules named as the deployment's were not counted. */
function unprovenWhy(proof: DeploymentProofCheck | undefined): string {
  const how = 'run the report as the management account or Config\'s delegated administrator, or name the rules with --expired-rule and --expiring-rule';
  return proof?.unreadable === undefined
    ? `the organization's rule deployments (GetOrganizationConfigRuleDetailedStatus) and those of its conformance pack ${proof?.conformancePack ?? ''} (GetOrganizationConformancePackDetailedStatus), read in each rule's own region, do not list them in their accounts there; ${how}, or name the deployment's pack with --conformance-pack`
    : `the organization's rule deployments could not be read (${proof.unreadable}); ${how}`;
}

/**
 * The regions the proof is read in: every region the aggregator names
 * (`AwsRegions`), and every region a rule or a certificate is listed in (all
 * of them, for `AllAwsRegions`, whose list Config does not give). A region
 * not read proves nothing.
 */
function proofRegions(sources: AggregatorSources, instances: readonly RuleInstance[], inventory: readonly AggregateCertificate[]): string[] {
  const listed = sources.regions === 'all' ? [] : sources.regions;
  return [...new Set([...listed, ...instances.map((instance) => instance.region), ...inventory.map((certificate) => certificate.region)])].sort();
}

/**
 * Per account that has proven results somewhere, the regions where its only
 * rules of the deployment's names are unproven (`name in region`): those
 * regions are unverified, though the account reports elsewhere.
 */
function unprovenRegions(unproven: readonly RuleInstance[], proven: readonly { readonly accountId: string; readonly region: string }[]): Map<string, string[]> {
  const provenAt = new Set(proven.map((item) => `${item.accountId} ${item.region}`));
  const provenAccounts = new Set(proven.map((item) => item.accountId));
  const byAccount = new Map<string, Set<string>>();
  for (const instance of unproven) {
    if (!provenAccounts.has(instance.accountId) || provenAt.has(`${instance.accountId} ${instance.region}`)) continue;
    byAccount.set(instance.accountId, (byAccount.get(instance.accountId) ?? new Set()).add(`${instance.ruleName} in ${instance.region}`));
  }
  return new Map([...byAccount].map(([accountId, names]) => [accountId, [...names].sort()]));
}

/** Per account, the rules named as the deployment's but unproven there. */
function unprovenByAccount(unproven: readonly RuleInstance[]): Map<string, string[]> {
  const byAccount = new Map<string, Set<string>>();
  for (const instance of unproven) byAccount.set(instance.accountId, (byAccount.get(instance.accountId) ?? new Set()).add(instance.ruleName));
  return new Map([...byAccount].map(([accountId, names]) => [accountId, [...names].sort()]));
}

/** Rules named as the deployment's that no deployment record proves: never read, named so that an auditor sees them. */
function unprovenNote(unproven: readonly RuleInstance[], proof: DeploymentProofCheck | undefined): string[] {
  if (unproven.length === 0) return [];
  return [
    `Unverified: ${unproven.length} rule deployment${unproven.length === 1 ? '' : 's'} named as the deployment's rules but not proven to be its (${unprovenWhy(proof)}); their results are not read, since a member account can create a rule of any name: ${named(unproven.map(whereDeployed))}.`,
  ];
}

/** A rule deployment as a note names it: `<rule> in <account> <region>`. */
function whereDeployed(instance: RuleInstance): string {
  return `${instance.ruleName} in ${instance.accountId} ${instance.region}`;
}
