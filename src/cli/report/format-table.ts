import { acmAdvice } from '../acm-advice';
import { printable } from '../terminal-text';
import type { ReportRow } from './report-rows';

const COLUMNS = ['ACCOUNT', 'NAME', 'ID', 'EXPIRES', 'DAYS', 'STATUS', 'USAGE'] as const;
/** With any window or exception tag, before USAGE: what the tags did. */
const TAGS_COLUMN = 'TAGS';

/**
 * A plain-text table for people: aligned columns, one certificate a line, and
 * a line saying so when there are none (an empty table looks like a failure).
 * Every cell goes through {@link printable}: a certificate name or a
 * consumer's name cannot move the cursor, start a new line, or forge a CI
 * log command.
 */
export function formatTable(rows: readonly ReportRow[]): string {
  if (rows.length === 0) return 'No server certificates in IAM.\n';
  const leading = (row: ReportRow): string[] => [row.account, row.name, row.id, row.expiration, String(row.daysLeft), row.status];
  // Only when some certificate has window or exception tags: without them the table is what it always was.
  if (rows.every((row) => row.tags === undefined || row.tags.text === '')) {
    return alignedTable(COLUMNS, rows.map((row) => [...leading(row), row.usageText].map(printable)));
  }
  const columns = [...COLUMNS.slice(0, -1), TAGS_COLUMN, 'USAGE'];
  // Tag values are untrusted text too (src/core/override-tags.ts keeps them on one line; printable() escapes the rest).
  return alignedTable(columns, rows.map((row) => [...leading(row), row.tags?.text ?? '', row.usageText].map(printable)));
}

/**
 * The certificates an issued ACM certificate already covers, after the table:
 * for those the advice is to repoint to ACM, not to renew the IAM certificate;
 * each line says who renews the ACM one (ACM itself, or nobody for an
 * imported one). Empty when there are none.
 */
export function formatAcmAdvice(rows: readonly ReportRow[]): string {
  const advised = rows.filter((row) => row.acm !== undefined && row.acm.length > 0);
  if (advised.length === 0) return '';
  const lines = advised.map((row) => `  ${printable(row.name)}: ${printable(acmAdvice(row.acm ?? []))}`);
  return `\nACM already has issued certificates covering every name of these; repoint to them instead of renewing:\n${lines.join('\n')}\n`;
}

/** Columns padded to their widest cell; the last column is not padded, so long text does not trail spaces. */
export function alignedTable(columns: readonly string[], cells: readonly (readonly string[])[]): string {
  const widths = columns.map((title, column) => Math.max(title.length, ...cells.map((line) => (line[column] ?? '').length)));
  const render = (line: readonly string[]): string =>
    line
      .map((cell, column) => (column === line.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [render(columns), ...cells.map(render)].join('\n') + '\n';
}
