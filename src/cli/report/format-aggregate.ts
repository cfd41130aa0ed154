import { isoSeconds } from '../../core/annotation';
import { printable } from '../terminal-text';
import type { HtmlReport } from './html-report-model';
import { alignedTable } from './format-table';

const COLUMNS = ['ACCOUNT', 'REGION', 'NAME', 'EXPIRES', 'DAYS', 'STATE', 'COMPLIANCE', 'LAST EVALUATED', 'ANNOTATION'] as const;

/**
 * The organisation report as a plain-text table, then one line per conflict
 * and per missing account, the coverage notes, and the coverage: `N of M
 * accounts read` when the account list is checked, a `COVERAGE UNVERIFIED`
 * line instead of any count when it is not. Everything that came from the
 * aggregator or AWS (names, annotations, rule names, reasons, notes) goes
 * through {@link printable}: a member account chooses its certificates' names
 * and its own rules' annotations.
 */
export function formatAggregateTable(report: HtmlReport): string {
  const table =
    report.rows.length === 0
      ? 'No IAM server certificates in the aggregator.\n'
      : alignedTable(
          COLUMNS,
          report.rows.map((row) =>
            [
              row.accountId,
              row.region,
              row.name,
              row.expiration ?? '?',
              row.daysLeft === undefined ? '?' : String(row.daysLeft),
              row.state,
              row.compliance,
              row.lastEvaluated ?? '-',
              row.annotation,
            ].map(printable),
          ),
        );
  const conflicts = report.rows.flatMap((row) => (row.conflict === undefined ? [] : [`CONFLICT ${printable(row.accountId)} ${printable(row.name)}: ${printable(row.conflict)}\n`])).join('');
  const missing = report.missing.map((account) => `MISSING ${printable(account.accountId)}: ${printable(account.reason)}\n`).join('');
  const notes = report.coverageNotes.map((note) => `NOTE ${printable(note)}\n`).join('');
  const read = report.accounts.length - report.missing.length;
  const coverage = report.coverage.verified
    ? `${read} of ${report.accounts.length} accounts read\n`
    : `COVERAGE UNVERIFIED: ${printable(report.coverage.reason)}. Results from ${read} account${read === 1 ? '' : 's'} read; how many accounts sent nothing is unknown.\n`;
  return `${table}${conflicts}${missing}${notes}${coverage}`;
}

/** The organisation report as one JSON document (`coverage.verified` false: no count can be trusted). */
export function formatAggregateJson(report: HtmlReport): string {
  return `${JSON.stringify({ ...report, generatedAt: isoSeconds(report.generatedAt), certificates: report.rows, rows: undefined }, null, 2)}\n`;
}
