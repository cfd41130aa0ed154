import { describeError, RuleError } from '../../errors';
import { aggregateCoverage } from './aggregate-coverage';
import { aggregateRows, allWindows, windowsByRule, type AggregateRow } from './aggregate-rows';
import { planAggregateFetches, REPORTED_RULES } from './aggregate-plan';
import type { AggregateEvaluation, AggregateReader, RuleInstance } from '../../adapters/config-aggregate-types';
import type { HtmlReport } from './html-report-model';
import { runBounded } from './run-bounded';

/** How `report --aggregator` reads. */
export interface AggregateReadOptions {
  readonly aggregator: string;
  /** Detail calls in flight at once. */
  readonly concurrency: number;
  readonly now: Date;
  readonly days: number;
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
 * rule's exact name, account and region), then every rule × account × region's
 * results concurrently within `concurrency`, while the certificate inventory
 * is listed. Every account the aggregator should cover is in `accounts`; one
 * that sent no data, whose source FAILED, or any of whose calls failed (after
 * the SDK's retries) is listed in `missing` with the reason, its other results
 * staying in the report (see {@link aggregateCoverage}). Fails when the
 * aggregator has no result of either rule: an empty report would read as
 * "nothing to fix".
 */
export async function readAggregateReport(reader: AggregateReader, options: AggregateReadOptions): Promise<HtmlReport> {
  const { aggregator, progress } = options;
  progress(`reading sources and rules of Config aggregator ${aggregator}`);
  const [sources, statuses, instances] = await Promise.all([reader.sources(aggregator), reader.sourceStatuses(aggregator), reader.ruleInstances(aggregator)]);
  const plan = planAggregateFetches(instances);
  if (plan.fetches.length === 0) {
    throw new RuleError(
      `Config aggregator ${aggregator} has no results of ${Object.values(REPORTED_RULES).join(' or ')} (nor of rules named after them with a suffix, or OrgConfigRule-<name>-<suffix> as organization rules are named); deploy the rules or check the aggregator name`,
    );
  }
  progress(`fetching ${plan.fetches.length} rule results in ${plan.accounts.length} accounts, ${options.concurrency} at a time; listing certificates`);
  const step = Math.max(1, Math.ceil(plan.fetches.length / PROGRESS_STEPS));
  let failed = 0;
  const [outcomes, inventory] = await Promise.all([
    runBounded(plan.fetches, options.concurrency, (fetch) => reader.evaluations(aggregator, fetch).catch((error: unknown) => {
      failed += 1;
      throw error;
    }), (done, total) => {
      if (done % step === 0 || done === total) progress(`rule results ${done}/${total}${failed > 0 ? ` (${failed} failed)` : ''}`);
    }),
    reader.certificates(aggregator),
  ]);

  const evaluations: AggregateEvaluation[] = [];
  const readFailures = new Map<string, string>();
  outcomes.forEach((outcome, index) => {
    const fetch = plan.fetches[index] as RuleInstance;
    if (outcome.ok) evaluations.push(...outcome.value);
    else if (!readFailures.has(fetch.accountId)) readFailures.set(fetch.accountId, `${fetch.ruleName} in ${fetch.region}: ${describeError(outcome.error)}`);
  });
  // Only this report's rules count: another rule's results say nothing of these.
  const accountsWithData = new Set([...plan.fetches.map((fetch) => fetch.accountId), ...inventory.map((certificate) => certificate.accountId)]);
  const ruleRegions = new Set([...plan.fetches.map((fetch) => fetch.region), ...inventory.map((certificate) => certificate.region)]);
  const coverage = aggregateCoverage({ sources, statuses, accountsWithData, readFailures, ruleRegions });
  const rows: AggregateRow[] = aggregateRows(evaluations, inventory, options.now, options.days);
  const rules = [...new Set(plan.fetches.map((fetch) => fetch.ruleName))].sort();
  const stated = windowsByRule(evaluations);
  return {
    source: `Config aggregator ${aggregator}`,
    generatedAt: options.now,
    days: options.days,
    rules,
    ruleWindows: allWindows(stated),
    ruleParameters: rules.map((rule) => ({ rule, statedWindows: stated.get(rule) ?? [] })),
    parametersSource: PARAMETERS_SOURCE,
    accounts: coverage.accounts,
    missing: coverage.missing,
    coverageNotes: coverage.notes,
    rows,
  };
}
