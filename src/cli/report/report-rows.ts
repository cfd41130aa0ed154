import { isoSeconds } from '../../core/annotation';
import { judgeCertificate } from '../../core/certificate-policy';
import { ComplianceType } from '../../core/compliance-type';
import { daysToExpiry } from '../../core/evaluate-certificate';
import type { ServerCertificate } from '../../core/server-certificate';
import type { CertificateUsage, UsageInventory } from '../../usage/certificate-usage';
import { formatUsage } from '../../usage/format-usage';
import { usageOf } from '../../usage/usage-of';
import type { AcmCandidate, AcmReader } from '../acm-advice';
import { acmReplacement, type AcmAdviceOptions } from '../acm-advice';
import { certificateStatus, CertificateStatus, statusOfState } from '../certificate-status';
import { ExceptionEffect, rowTags, type ReportTags, type RowTags } from './report-tags';

/** One line of the `report` command, before formatting. */
export interface ReportRow {
  /** The account of the credentials (STS GetCallerIdentity), whose IAM the certificate is in. */
  readonly account: string;
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly path: string;
  /** ISO 8601, UTC, to the second. */
  readonly expiration: string;
  readonly daysLeft: number;
  readonly status: CertificateStatus;
  /** `undefined` when the usage scan was skipped (`--no-usage`). */
  readonly usage: CertificateUsage | undefined;
  /**
   * One-line usage text: `in use by …`, `not referenced`, `usage unknown: …`,
   * or `not checked`; `not referenced: safe to delete` only for an expired
   * certificate whose usage was checked in every region enabled for the account.
   */
  readonly usageText: string;
  /**
   * Issued ACM certificates that already cover all of its names, one in each
   * region its consumers need: repoint instead of renewing. Only looked for
   * when it is expired or expiring and in use.
   */
  readonly acm?: readonly AcmCandidate[];
  /** Why ACM could not be read for it (AccessDenied…): the advice is unknown. */
  readonly acmNotChecked?: string;
  /** What its window and exception tags did; absent when it has none (or tags were not read). */
  readonly tags?: RowTags;
}

/** Text shown for usage when the scan was skipped. */
export const USAGE_NOT_CHECKED = 'not checked';

/**
 * The report's rows, soonest expiry first (expired ones lead), so the
 * certificates that need work are on top.
 */
export function reportRows(
  certificates: readonly ServerCertificate[],
  now: Date,
  days: number,
  inventory: UsageInventory | undefined,
  account: string,
  tags?: ReportTags,
): ReportRow[] {
  return [...certificates]
    .sort((a, b) => a.expiration.getTime() - b.expiration.getTime() || a.name.localeCompare(b.name))
    .map((certificate) => {
      const usage = inventory === undefined ? undefined : usageOf(certificate, inventory);
      const status = tags === undefined ? certificateStatus(certificate, now, days) : judgedWithTags(certificate, now, tags);
      return {
        account,
        name: certificate.name,
        id: certificate.id,
        arn: certificate.arn,
        path: certificate.path,
        expiration: isoSeconds(certificate.expiration),
        ...status,
        // The expiry events' DaysToExpiry: -1 from the expiry on, never 0, so `daysLeft < 0` finds every expired one.
        daysLeft: daysToExpiry(certificate.expiration, now),
        usage,
        usageText: usage === undefined ? USAGE_NOT_CHECKED : formatUsage(usage, { expired: status.status === CertificateStatus.Expired }),
      };
    });
}

/** Status with the certificate's own window (its tag), as the warning rule with tagOverrides judges it, and what its tags did. */
function judgedWithTags(certificate: ServerCertificate, now: Date, tags: ReportTags): { status: CertificateStatus; tags?: RowTags } {
  const { verdict, policy, note } = judgeCertificate(certificate, now, tags.parameters, tags.byName.get(certificate.name));
  const status = statusOfState(verdict.state);
  // The warning rule passes both under an exception; only the expiring one is waived: an expired certificate is expired (IAM.26).
  const excepted = verdict.complianceType === ComplianceType.Compliant && status !== CertificateStatus.Valid;
  const effect = !excepted ? ExceptionEffect.None : status === CertificateStatus.Expired ? ExceptionEffect.StillExpired : ExceptionEffect.WarningWaived;
  const described = rowTags(policy, note, effect);
  return { status, ...(described === undefined ? {} : { tags: described }) };
}

/**
 * Adds ACM advice to the rows that need work (expired or expiring) and are in
 * use, from the issued ACM certificates of the regions their consumers are in
 * (us-east-1 for CloudFront) and, only when ACM has something to offer there,
 * their names read from IAM (`namesOf`: the body, which the report itself does
 * not need). Best-effort: a row whose names or ACM look-up failed says why in
 * `acmNotChecked`.
 */
export async function withAcmAdvice(
  rows: readonly ReportRow[],
  namesOf: (name: string) => Promise<string[]>,
  acm: AcmReader,
  options: AcmAdviceOptions,
): Promise<ReportRow[]> {
  const advised: ReportRow[] = [];
  for (const row of rows) {
    const usages = row.usage?.usages ?? [];
    if (row.status === CertificateStatus.Valid || usages.length === 0) {
      advised.push(row);
      continue;
    }
    const advice = await acmReplacement({ name: row.name, names: () => namesOf(row.name) }, usages, acm, options);
    if (advice.kind === 'repoint') advised.push({ ...row, acm: advice.candidates });
    else if (advice.kind === 'not-checked') advised.push({ ...row, acmNotChecked: advice.reason });
    else advised.push(row);
  }
  return advised;
}
