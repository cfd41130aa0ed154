import type { ReportRow } from './report-rows';
import { acmAdvice } from '../acm-advice';

const HEADER = ['name', 'id', 'arn', 'path', 'expiration', 'days_left', 'status', 'acm_advice', 'usage_state', 'usage', 'tags'] as const;

/**
 * RFC 4180 CSV (CRLF line ends, fields quoted when they hold a comma, quote
 * or line break). Text that a spreadsheet would run as a formula (`=`, `+`,
 * `-`, `@` first) gets a leading `'`: certificate names may start with those
 * characters, and a report is the kind of file people open in Excel.
 */
export function formatCsv(rows: readonly ReportRow[]): string {
  const lines = rows.map((row) =>
    [
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
      text(row.tags?.text ?? ''),
    ].map(quote),
  );
  return [HEADER.map(quote), ...lines].map((line) => line.join(',')).join('\r\n') + '\r\n';
}

function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
