import { isoSeconds } from '../../core/annotation';
import type { HtmlReport } from './html-report-model';
import { alignedTable } from './format-table';

const COLUMNS = ['ACCOUNT', 'REGION', 'NAME', 'EXPIRES', 'DAYS', 'STATE', 'COMPLIANCE', 'LAST EVALUATED', 'ANNOTATION'] as const;

/** The organisation report as a plain-text table, then one line per missing account, the coverage notes and the count. */
export function formatAggregateTable(report: HtmlReport): string {
  const table =
    report.rows.length === 0
      ? 'No IAM server certificates in the aggregator.\n'
      : alignedTable(
          COLUMNS,
          report.rows.map((row) => [
            row.accountId,
            row.region,
            row.name,
            row.expiration ?? '?',
            row.daysLeft === undefined ? '?' : String(row.daysLeft),
            row.state,
            row.compliance,
            row.lastEvaluated ?? '-',
            row.annotation,
          ]),
        );
  const missing = report.missing.map((account) => `MISSING ${account.accountId}: ${account.reason}\n`).join('');
  const notes = report.coverageNotes.map((note) => `NOTE ${note}\n`).join('');
  return `${table}${missing}${notes}${report.accounts.length - report.missing.length} of ${report.accounts.length} accounts read\n`;
}

/** The organisation report as one JSON document. */
export function formatAggregateJson(report: HtmlReport): string {
  return `${JSON.stringify({ ...report, generatedAt: isoSeconds(report.generatedAt), certificates: report.rows, rows: undefined }, null, 2)}\n`;
}
