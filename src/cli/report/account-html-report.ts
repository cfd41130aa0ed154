import { AggregateState, type AggregateRow } from './aggregate-rows';
import type { HtmlReport } from './html-report-model';
import type { ReportRow } from './report-rows';

/**
 * The single-account report in the HTML report's shape. Compliance is what
 * the rule's core gives at `now` (expired and expiring: NON_COMPLIANT for the
 * warning rule), not read from Config; the annotation column carries usage,
 * and the coverage notes say which regions the usage scan checked.
 */
export function accountHtmlReport(
  rows: readonly ReportRow[],
  context: { readonly now: Date; readonly days: number; readonly account: string; readonly usageScope: string },
): HtmlReport {
  const aggregateRows: AggregateRow[] = rows.map((row) => ({
    accountId: row.account,
    region: 'global (IAM)',
    name: row.name,
    resourceId: row.id,
    expiration: row.expiration,
    daysLeft: row.daysLeft,
    state: row.status,
    compliance: row.status === AggregateState.Valid ? 'COMPLIANT' : 'NON_COMPLIANT',
    rule: undefined,
    annotation: row.usageText,
    lastEvaluated: undefined,
  }));
  return {
    source: `IAM in account ${context.account} (read directly; annotation column: usage)`,
    generatedAt: context.now,
    days: context.days,
    rules: [],
    ruleWindows: [],
    ruleParameters: [],
    parametersSource: `not read: states computed from IAM with the rule's own logic and --days ${context.days}`,
    accounts: [context.account],
    missing: [],
    coverage: { verified: true, basis: 'the account read directly' },
    coverageNotes: [context.usageScope],
    rows: aggregateRows,
  };
}
