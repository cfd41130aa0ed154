import { ExceptionStatus, tagsCanMatter, type CertificatePolicy, type CertificateTags, type PolicyParameters } from '../../core/certificate-policy';
import { SECURITY_HUB_CONTROL } from '../../core/compliance-references';
import type { ServerCertificate } from '../../core/server-certificate';
import { shortErrorName } from '../../errors';
import { runBounded } from './run-bounded';

/** Tag reads in flight at once, as the rule reads them (src/rule/read-tags.ts). */
export const REPORT_TAG_CONCURRENCY = 8;

/** What the report read of the certificates' tags. */
export interface ReportTags {
  /** Certificate name → its tags, for each certificate they can concern (expired, or within a year of expiry or of `--days`). */
  readonly byName: ReadonlyMap<string, CertificateTags>;
  /** The policy the report judged them with: the warning rule's, with `--days` and `--max-exception-days`. */
  readonly parameters: PolicyParameters;
  /** Certificates whose tags could not be read, and why (`AccessDenied`). */
  readonly unread: readonly { readonly name: string; readonly reason: string }[];
}

/**
 * Reads the tags of the certificates whose report line they can change, as
 * the warning rule with `tagOverrides` does: one `ListServerCertificateTags`
 * each, never for a certificate more than a year (or `--days`) from expiry.
 * A failed read is kept as unreadable: that certificate is judged without
 * its tags, and the report says so.
 */
export async function readReportTags(
  certificates: readonly ServerCertificate[],
  tagsOf: (name: string) => Promise<ReadonlyMap<string, string>>,
  now: Date,
  parameters: PolicyParameters,
): Promise<ReportTags> {
  const concerned = certificates.filter((certificate) => tagsCanMatter(certificate, now, parameters));
  const settled = await runBounded(concerned, REPORT_TAG_CONCURRENCY, (certificate) => tagsOf(certificate.name));
  const byName = new Map<string, CertificateTags>();
  const unread: { name: string; reason: string }[] = [];
  concerned.forEach((certificate, index) => {
    const outcome = settled[index];
    if (outcome?.ok === true) {
      byName.set(certificate.name, { kind: 'read', tags: outcome.value });
    } else {
      const reason = shortErrorName(outcome?.error);
      byName.set(certificate.name, { kind: 'unreadable', reason });
      unread.push({ name: certificate.name, reason });
    }
  });
  return { byName, parameters, unread };
}

/** One certificate's tags in the report: what they did, in words, and the exception for the auditor's list. */
export interface RowTags {
  /** One line: "exception through 2027-01-31: CHG-1234 …", "window 60 days (tag)", "tags unread (AccessDenied)…". */
  readonly text: string;
  readonly exception: CertificatePolicy['exception'];
  /** The window the certificate was judged with, and whether its tag set it. */
  readonly windowDays: number;
  readonly windowFromTag: boolean;
  /**
   * Whether the exception waives its warning: an expiring certificate under
   * an active exception only. Never for an expired one: the warning rule
   * passes it in AWS Config, but it is expired, and no exception waives the
   * expired rule (Security Hub IAM.26).
   */
  readonly waived: boolean;
}

/** What an active exception does to a certificate in the report. */
export const ExceptionEffect = {
  /** None in effect, or a valid certificate: nothing to waive. */
  None: 'none',
  /** An expiring certificate: its warning is waived. */
  WarningWaived: 'warning-waived',
  /** An expired certificate: nothing is waived; it stays expired, NON_COMPLIANT. */
  StillExpired: 'still-expired',
} as const;

export type ExceptionEffect = (typeof ExceptionEffect)[keyof typeof ExceptionEffect];

/** The words the row adds for an {@link ExceptionEffect}. */
const EFFECT_WORDS: Readonly<Record<ExceptionEffect, string | undefined>> = {
  [ExceptionEffect.None]: undefined,
  [ExceptionEffect.WarningWaived]: 'warning waived',
  [ExceptionEffect.StillExpired]: `still expired: ${SECURITY_HUB_CONTROL} not waived`,
};

/**
 * The row's account of its tags, or `undefined` when they say nothing (no
 * such tags), so a report of untagged certificates is what it always was.
 */
export function rowTags(policy: CertificatePolicy, note: string | undefined, effect: ExceptionEffect): RowTags | undefined {
  const parts = [policy.window.fromTag ? `window ${policy.window.days} days (tag)` : undefined, note, EFFECT_WORDS[effect]];
  const text = parts.filter((part): part is string => part !== undefined).join('; ');
  if (text === '' && policy.exception.status === ExceptionStatus.None) return undefined;
  return { text, exception: policy.exception, windowDays: policy.window.days, windowFromTag: policy.window.fromTag, waived: effect === ExceptionEffect.WarningWaived };
}
