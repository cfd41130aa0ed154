import { AggregateState, type AggregateRow } from './aggregate-rows';
import type { HtmlReport } from './html-report-model';
import type { ReportRow } from './report-rows';

/** The account id in an IAM ARN (`arn:aws:iam::123456789012:server-certificate/x`). */
function accountOf(arn: string): string {
  return arn.split(':')[4] ?? '';
}

/**
 * The single-account report in the HTML report's shape. Compliance is what
 * the rule's core gives at `now` (expired and expiring: NON_COMPLIANT for the
 * warning rule), not read from Config; the annotation column carries usage.
 */
export function accountHtmlReport(rows: readonly ReportRow[], now: Date, days: number): HtmlReport {
  const aggregateRows: AggregateRow[] = rows.map((row) => ({
    accountId: accountOf(row.arn),
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
  const accounts = [...new Set(aggregateRows.map((row) => row.accountId))];
  return {
    source: `IAM${accounts.length === 1 ? ` in account ${accounts[0] ?? ''}` : ''} (read directly; annotation column: usage)`,
    generatedAt: now,
    days,
    rules: [],
    ruleWindows: [],
    ruleParameters: [],
    parametersSource: `not read: states computed from IAM with the rule's own logic and --days ${days}`,
    accounts,
    missing: [],
    coverage: { verified: true, basis: 'the account read directly' },
    coverageNotes: [],
    rows: aggregateRows,
  };
}
