import type { ReportRow } from './report-rows';
import { acmAdvice } from '../acm-advice';
import { printable } from '../terminal-text';
import type { UsageScopeSummary } from '../usage-scope-summary';

/** `tags` comes last: it was added after the usage columns, and a script that reads columns by position keeps working. */
const HEADER = [
  'account',
  'name',
  'id',
  'arn',
  'path',
  'expiration',
  'days_left',
  'status',
  'acm_advice',
  'usage_state',
  'usage',
  'usage_regions_checked',
  'usage_regions_not_checked',
  'tags',
] as const;

/**
 * RFC 4180 CSV (CRLF line ends, fields quoted when they hold a comma, quote
 * or line break). Text that a spreadsheet would run as a formula (`=`, `+`,
 * `-`, `@`, tab or CR first) gets a leading `'`, and control characters are
 * escaped as in text output: certificate names may start with those
 * characters, and a report is the kind of file people open in Excel. A CSV
 * has no room for a note above the rows, so every row says which regions its
 * usage was checked in (space-separated) and which it was not, with why.
 */
export function formatCsv(rows: readonly ReportRow[], usageScope: UsageScopeSummary | undefined): string {
  const checked = usageScope === undefined ? '' : usageScope.regionsChecked.join(' ');
  const notChecked = usageScope === undefined ? 'usage not checked (--no-usage)' : notCheckedText(usageScope);
  const lines = rows.map((row) =>
    [
      text(row.account),
      text(row.name),
      text(row.id),
      text(row.arn),
      text(row.path),
      row.expiration,
      String(row.daysLeft),
      row.status,
      text(row.acm !== undefined && row.acm.length > 0 ? acmAdvice(row.acm) : row.acmNotChecked !== undefined ? `not checked: ${row.acmNotChecked}` : ''),
      row.usage?.state ?? 'not-checked',
      text(row.usageText),
      checked,
      text(notChecked),
      text(row.tags?.text ?? ''),
    ].map(quote),
  );
  return [HEADER.map(quote), ...lines].map((line) => line.join(',')).join('\r\n') + '\r\n';
}

/** `eu-central-1 (not in --regions); me-south-1 (ENABLING: …)`, or why the regions are unknown; empty when every enabled region was checked. */
function notCheckedText(scope: UsageScopeSummary): string {
  return [
    ...(scope.regionListFailure === null ? [] : [`enabled regions unknown (account:ListRegions failed: ${scope.regionListFailure})`]),
    ...scope.regionsNotChecked.map((gap) => `${gap.region} (${gap.reason})`),
    ...(scope.cloudFrontChecked ? [] : ['cloudfront (scan failed)']),
  ].join('; ');
}

// What a spreadsheet runs as a formula when a cell starts with it (OWASP, "CSV Injection": = + - @, tab, carriage
// return). Checked after control characters are escaped, so an escaped tab or CR no longer starts a cell.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * An untrusted text cell: control and bidirectional characters escaped as the
 * terminal output escapes them (`printable`: a CSV is printed on stdout, and
 * often `cat` in a CI log), then a leading `'` before a formula start.
 */
function text(value: string): string {
  const safe = printable(value);
  return FORMULA_START.test(safe) ? `'${safe}` : safe;
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
