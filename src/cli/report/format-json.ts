import { isoSeconds } from '../../core/annotation';
import type { CertificateUsage } from '../../usage/certificate-usage';
import type { UsageScopeSummary } from '../usage-scope-summary';
import type { ReportRow } from './report-rows';

/** The `--json` document: stable field names, for scripts. */
export interface JsonReport {
  readonly generatedAt: string;
  /** The account of the credentials (STS GetCallerIdentity). */
  readonly account: string;
  readonly days: number;
  readonly usageChecked: boolean;
  /** Which regions the usage scan checked (every enabled one, or not: then nothing is safe to delete); null with `--no-usage`. */
  readonly usageScope: UsageScopeSummary | null;
  readonly certificates: readonly {
    readonly account: string;
    readonly name: string;
    readonly id: string;
    readonly arn: string;
    readonly path: string;
    readonly expiration: string;
    readonly daysLeft: number;
    readonly status: string;
    /** Consumers and failed look-ups; the regions covered are in `usageScope`, once. */
    readonly usage: Omit<CertificateUsage, 'coverage'> | null;
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
export function formatJson(rows: readonly ReportRow[], context: { readonly now: Date; readonly days: number; readonly account: string; readonly usageScope: UsageScopeSummary | undefined }): string {
  const report: JsonReport = {
    generatedAt: isoSeconds(context.now),
    account: context.account,
    days: context.days,
    usageChecked: context.usageScope !== undefined,
    usageScope: context.usageScope ?? null,
    certificates: rows.map((row) => ({
      ...row,
      usage: row.usage === undefined ? null : { state: row.usage.state, usages: row.usage.usages, failures: row.usage.failures },
      acm: row.acm ?? null,
      acmNotChecked: row.acmNotChecked ?? null,
    })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
