import { ExceptionStatus, tagHorizonDays } from '../../core/certificate-policy';
import { OverrideTagKey } from '../../core/override-tags';
import { SECURITY_HUB_CONTROL } from '../../core/compliance-references';
import { CertificateStatus } from '../certificate-status';
import type { AggregateRow } from './aggregate-rows';
import type { ExceptionEntry, ExceptionList, HtmlReport } from './html-report-model';
import type { ReportRow } from './report-rows';
import type { ReportTags } from './report-tags';

/** What the report read of the certificates' tags, for the exceptions list. */
export interface TagsCoverage {
  /** False with `--no-tags`. */
  readonly read: boolean;
  readonly unread: number;
  readonly horizonDays: number;
  readonly maxExceptionDays: number;
}

/** The coverage of what {@link readReportTags} read; `undefined` tags: `--no-tags`. */
export function tagsCoverage(tags: ReportTags | undefined): TagsCoverage {
  if (tags === undefined) return { read: false, unread: 0, horizonDays: 0, maxExceptionDays: 0 };
  return { read: true, unread: tags.unread.length, horizonDays: tagHorizonDays(tags.parameters), maxExceptionDays: tags.parameters.maxExceptionDays };
}

/**
 * The compliance a row shows: an expired certificate is NON_COMPLIANT
 * whatever its tags (Security Hub IAM.26; an exception only names it, in the
 * annotation and the Exceptions section), an expiring one NON_COMPLIANT
 * unless an exception waives its warning, a valid one COMPLIANT.
 */
export function rowCompliance(row: Pick<ReportRow, 'status' | 'tags'>): 'COMPLIANT' | 'NON_COMPLIANT' {
  if (row.status === CertificateStatus.Expired) return 'NON_COMPLIANT';
  return row.status === CertificateStatus.Valid || row.tags?.waived === true ? 'COMPLIANT' : 'NON_COMPLIANT';
}

/**
 * The single-account report in the HTML report's shape. Compliance is what
 * the rule's core gives at `now` ({@link rowCompliance}: expired always
 * NON_COMPLIANT; expiring NON_COMPLIANT, or COMPLIANT under an exception tag), not read from Config;
 * the annotation column carries usage and what the tags did, the coverage
 * notes say which regions the usage scan checked, and with `tags` the
 * exceptions list names every exception tag read.
 */
export function accountHtmlReport(
  rows: readonly ReportRow[],
  context: { readonly now: Date; readonly days: number; readonly account: string; readonly usageScope: string },
  tags?: TagsCoverage,
): HtmlReport {
  const aggregateRows: AggregateRow[] = rows.map((row) => ({
    accountId: row.account,
    region: 'global (IAM)',
    name: row.name,
    resourceId: row.id,
    expiration: row.expiration,
    daysLeft: row.daysLeft,
    state: row.status,
    compliance: rowCompliance(row),
    rule: undefined,
    annotation: row.tags === undefined || row.tags.text === '' ? row.usageText : `${row.usageText}; ${row.tags.text}`,
    lastEvaluated: undefined,
    ...(row.tags?.windowFromTag === true ? { taggedWindowDays: row.tags.windowDays } : {}),
  }));
  return {
    source: `IAM in account ${context.account} (read directly; annotation column: usage)`,
    generatedAt: context.now,
    days: context.days,
    rules: [],
    ruleWindows: [],
    ruleParameters: [],
    parametersSource: `not read: states computed from IAM with the rule's own logic and --days ${context.days}`,
    accounts: [context.account],
    missing: [],
    coverage: { verified: true, basis: 'the account read directly' },
    coverageNotes: [context.usageScope],
    rows: aggregateRows,
    ...(tags === undefined ? {} : { exceptions: exceptionList(rows, tags) }),
  };
}

/**
 * Every exception tag the report read, latest-ending last, with whether it
 * counts: an auditor sees each waiver and when it ends, and each one the
 * rule ignores and why.
 */
function exceptionList(rows: readonly ReportRow[], coverage: TagsCoverage): ExceptionList {
  const entries = rows.flatMap((row): ExceptionEntry[] => {
    const exception = row.tags?.exception;
    if (exception === undefined || exception.status === ExceptionStatus.None) return [];
    const base = { accountId: row.account, name: row.name, status: exception.status, expiration: row.expiration, state: row.status };
    switch (exception.status) {
      case ExceptionStatus.Active:
        return [{ ...base, lastDay: exception.lastDay, text: exception.reason, standing: activeStanding(row) }];
      case ExceptionStatus.Ended:
        return [{ ...base, lastDay: exception.lastDay, text: exception.reason, standing: 'ended: ignored' }];
      case ExceptionStatus.TooFar:
        return [{ ...base, lastDay: exception.lastDay, text: exception.reason, standing: `ignored: ends more than ${coverage.maxExceptionDays} days ahead` }];
      case ExceptionStatus.Malformed:
        return [{ ...base, lastDay: undefined, text: exception.value, standing: `ignored: ${exception.problem}` }];
      default:
        return [{ ...base, lastDay: undefined, text: `tags unread (${exception.reason})`, standing: 'unknown' }];
    }
  });
  entries.sort((a, b) => (a.lastDay ?? '').localeCompare(b.lastDay ?? '') || a.name.localeCompare(b.name));
  return { entries, coverage: exceptionCoverage(coverage), empty: 'No exception tags.' };
}

/** How an active exception stands for the certificate: an expired one is never waived. */
function activeStanding(row: ReportRow): string {
  if (row.status === CertificateStatus.Expired) return `honoured by the warning rule only: still expired (the strict rule, ${SECURITY_HUB_CONTROL}, is not waived)`;
  return row.tags?.waived === true ? 'in effect: the warning rule passes it' : 'in effect';
}

function exceptionCoverage(coverage: TagsCoverage): string {
  if (!coverage.read) return `Exception tags (${OverrideTagKey.Exception}) were not read (--no-tags): any waiver is unknown.`;
  const read =
    `Exception tags (${OverrideTagKey.Exception}) of every certificate expired or within ${coverage.horizonDays} days of expiry, ` +
    `judged as the warning rule with tagOverrides and maxExceptionDays ${coverage.maxExceptionDays} judges them; ` +
    `an exception never waives the expired rule (Security Hub ${SECURITY_HUB_CONTROL}).`;
  return coverage.unread === 0 ? read : `${read} The tags of ${coverage.unread} certificate${coverage.unread === 1 ? '' : 's'} could not be read: their exceptions are unknown.`;
}
