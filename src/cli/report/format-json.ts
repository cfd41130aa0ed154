import { isoSeconds } from '../../core/annotation';
import type { ReportRow } from './report-rows';

/** The `--json` document: stable field names, for scripts. */
export interface JsonReport {
  readonly generatedAt: string;
  readonly days: number;
  readonly usageChecked: boolean;
  readonly certificates: readonly {
    readonly name: string;
    readonly id: string;
    readonly arn: string;
    readonly path: string;
    readonly expiration: string;
    readonly daysLeft: number;
    readonly status: string;
    readonly usage: ReportRow['usage'] | null;
    readonly usageText: string;
    /** Issued ACM certificates covering every name, per region its consumers need; null when none (or not looked for). */
    readonly acm: ReportRow['acm'] | null;
    /** Why ACM could not be read for it (then `acm` is null because unknown, not because there is none); null otherwise. */
    readonly acmNotChecked: string | null;
    /** What its window and exception tags did (the exception whole, with its last day); absent when it has none. */
    readonly tags?: ReportRow['tags'];
  }[];
}

/** The report as one pretty-printed JSON document. */
export function formatJson(rows: readonly ReportRow[], now: Date, days: number, usageChecked: boolean): string {
  const report: JsonReport = {
    generatedAt: isoSeconds(now),
    days,
    usageChecked,
    certificates: rows.map((row) => ({ ...row, usage: row.usage ?? null, acm: row.acm ?? null, acmNotChecked: row.acmNotChecked ?? null })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
