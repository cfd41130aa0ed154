import type { ReportRow } from './report-rows';

const COLUMNS = ['NAME', 'ID', 'EXPIRES', 'DAYS', 'STATUS', 'USAGE'] as const;

/**
 * A plain-text table for people: aligned columns, one certificate a line, and
 * a line saying so when there are none (an empty table looks like a failure).
 */
export function formatTable(rows: readonly ReportRow[]): string {
  if (rows.length === 0) return 'No server certificates in IAM.\n';
  return alignedTable(COLUMNS, rows.map((row) => [row.name, row.id, row.expiration, String(row.daysLeft), row.status, row.usageText]));
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
