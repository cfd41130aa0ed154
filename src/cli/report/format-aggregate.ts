import { isoSeconds } from '../../core/annotation';
import { printable } from '../terminal-text';
import { AGGREGATE_EXCEPTIONS_SOURCE, byLastDay } from './aggregate-exceptions';
import type { AggregateRow } from './aggregate-rows';
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
  const exceptions = exceptionsBlock(report.rows);
  const conflicts = report.rows.flatMap((row) => (row.conflict === undefined ? [] : [`CONFLICT ${printable(row.accountId)} ${printable(row.name)}: ${printable(row.conflict)}\n`])).join('');
  const missing = report.missing.map((account) => `MISSING ${printable(account.accountId)}: ${printable(account.reason)}\n`).join('');
  const notes = report.coverageNotes.map((note) => `NOTE ${printable(note)}\n`).join('');
  const read = report.accounts.length - report.missing.length;
  const coverage = report.coverage.verified
    ? `${read} of ${report.accounts.length} accounts read\n`
    : `COVERAGE UNVERIFIED: ${printable(report.coverage.reason)}. Results from ${read} account${read === 1 ? '' : 's'} read; how many accounts sent nothing is unknown.\n`;
  return `${table}${exceptions}${conflicts}${missing}${notes}${coverage}`;
}

/**
 * After the table, when any annotation names an exception: `EXCEPTIONS (n; read
 * from the rules' annotations; …)`, then one line each, `  <account> <name>:
 * through 2027-01-31, honoured by the warning rule: CHG-1234 …`, earliest
 * last day first. Escaped like the rest: the reason is a member account's text.
 */
function exceptionsBlock(rows: readonly AggregateRow[]): string {
  const excepted = exceptionRows(rows);
  if (excepted.length === 0) return '';
  const lines = excepted.map(({ accountId, name, exception }) => {
    const through = exception.lastDay === undefined ? '' : `through ${exception.lastDay}, `;
    const reason = exception.reason === undefined ? '' : `: ${exception.reason}`;
    return `  ${printable(accountId)} ${printable(name)}: ${printable(`${through}${exception.standingText}${reason}`)}\n`;
  });
  return `EXCEPTIONS (${excepted.length}; ${AGGREGATE_EXCEPTIONS_SOURCE})\n${lines.join('')}`;
}

/** The rows whose annotations name an exception, earliest last day first. */
function exceptionRows(rows: readonly AggregateRow[]): (AggregateRow & { readonly exception: NonNullable<AggregateRow['exception']> })[] {
  return rows
    .flatMap((row) => (row.exception === undefined ? [] : [{ ...row, exception: row.exception, lastDay: row.exception.lastDay }]))
    .sort(byLastDay);
}

/**
 * The organisation report as one JSON document (`coverage.verified` false: no
 * count can be trusted). `exceptions` lists every exception the annotations
 * name (also on each certificate as `exception`), `exceptionsCoverage` where
 * they come from.
 */
export function formatAggregateJson(report: HtmlReport): string {
  const exceptions = exceptionRows(report.rows).map(({ accountId, region, name, resourceId, expiration, state, exception }) => ({
    accountId,
    region,
    name,
    resourceId,
    lastDay: exception.lastDay ?? null,
    reason: exception.reason ?? null,
    standing: exception.standing,
    standingText: exception.standingText,
    why: exception.why ?? null,
    rule: exception.rule,
    expiration: expiration ?? null,
    state,
  }));
  const document = {
    ...report,
    generatedAt: isoSeconds(report.generatedAt),
    certificates: report.rows,
    rows: undefined,
    exceptions,
    exceptionsCoverage: report.exceptions?.coverage ?? null,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
