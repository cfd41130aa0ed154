import { describeError, RuleError } from '../../errors';
import { aggregateRows, windowsInAnnotations, type AggregateRow, type MissingAccount } from './aggregate-rows';
import { planAggregateFetches, REPORTED_RULES } from './aggregate-plan';
import type { AggregateEvaluation, AggregateReader, RuleInstance } from './aggregate-types';
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
 * Reads the organisation's results through a Config aggregator: the deployed
 * rules first (DescribeAggregateComplianceByConfigRules, since the details
 * call needs each rule's exact name, account and region), then every rule ×
 * account × region's results concurrently within `concurrency`, while the
 * certificate inventory is listed. An account any of whose calls failed
 * (after the SDK's retries) is listed in `missing` with the reason; its other
 * results stay in the report. Fails when the aggregator has no result of
 * either rule: an empty report would read as "nothing to fix".
 */
export async function readAggregateReport(reader: AggregateReader, options: AggregateReadOptions): Promise<HtmlReport> {
  const { aggregator, progress } = options;
  progress(`reading rules in Config aggregator ${aggregator}`);
  const plan = planAggregateFetches(await reader.ruleInstances(aggregator));
  if (plan.fetches.length === 0) {
    throw new RuleError(
      `Config aggregator ${aggregator} has no results of ${Object.values(REPORTED_RULES).join(' or ')} (nor of rules named after them with a suffix); deploy the rules or check the aggregator name`,
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
  const missing = new Map<string, MissingAccount>();
  outcomes.forEach((outcome, index) => {
    const fetch = plan.fetches[index] as RuleInstance;
    if (outcome.ok) evaluations.push(...outcome.value);
    else if (!missing.has(fetch.accountId)) {
      missing.set(fetch.accountId, { accountId: fetch.accountId, reason: `${fetch.ruleName} in ${fetch.region}: ${describeError(outcome.error)}` });
    }
  });
  const rows: AggregateRow[] = aggregateRows(evaluations, inventory, options.now, options.days);
  const accounts = [...new Set([...plan.accounts, ...inventory.map((certificate) => certificate.accountId)])].sort();
  return {
    source: `Config aggregator ${aggregator}`,
    generatedAt: options.now,
    days: options.days,
    rules: [...new Set(plan.fetches.map((fetch) => fetch.ruleName))].sort(),
    ruleWindows: windowsInAnnotations(evaluations),
    accounts,
    missing: [...missing.values()].sort((a, b) => a.accountId.localeCompare(b.accountId)),
    rows,
  };
}
