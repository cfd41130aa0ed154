import { isoSeconds } from '../../core/annotation';
import { describeAgo, describeLeft } from '../../core/evaluate-certificate';
import type { ServerCertificate } from '../../core/server-certificate';
import { RegionGapReason, UsageState, type CertificateUsage } from '../../usage/certificate-usage';
import { formatUsage } from '../../usage/format-usage';
import { certificateStatus, CertificateStatus } from '../certificate-status';
import { printable } from '../terminal-text';

/** What `retire` decided for one certificate. */
export const RetireDecision = {
  /** Dry run: it would be deleted with `--yes`. */
  WouldDelete: 'would-delete',
  Deleted: 'deleted',
  /** Left in place, with the reason (not expired, in use, usage unknown, regions not scanned, replaced, conflict…). */
  Kept: 'kept',
  /** The delete was attempted and failed for an unexpected reason. */
  Failed: 'failed',
} as const;

export type RetireDecision = (typeof RetireDecision)[keyof typeof RetireDecision];

/** Whether a certificate may be deleted, and why (or why not). */
export interface Eligibility {
  readonly eligible: boolean;
  readonly reason: string;
}

/** Room for the usage part of a reason: a line of its own on stdout, not an annotation. */
export const REASON_USAGE_LENGTH = 200;

/**
 * The one gate every delete passes: only a certificate that has expired at
 * `now` and that a complete usage scan found unreferenced: every look-up
 * answered, in every region enabled for the account. Referenced and
 * usage-unknown certificates are never eligible, whatever the flags; one that
 * a scan narrowed by `--regions` found nowhere is kept, and the reason names
 * the enabled regions left out.
 */
export function retireEligibility(certificate: ServerCertificate, now: Date, usage: CertificateUsage | undefined): Eligibility {
  const { status, daysLeft } = certificateStatus(certificate, now, 0);
  const expiry = isoSeconds(certificate.expiration);
  if (status !== CertificateStatus.Expired) {
    return { eligible: false, reason: `not expired: valid until ${expiry} (${describeLeft(daysLeft)})` };
  }
  if (usage === undefined) return { eligible: false, reason: 'usage not checked' };
  if (usage.state === UsageState.NotReferenced) return { eligible: true, reason: `expired ${expiry} (${describeAgo(-daysLeft)}) and not referenced` };
  const leftOut = usage.coverage.gaps.filter((gap) => gap.reason === RegionGapReason.NotRequested).map((gap) => gap.region);
  const onlyNarrowed = usage.state === UsageState.Unknown && usage.failures.length === 0 && usage.coverage.listFailure === undefined && leftOut.length === usage.coverage.gaps.length;
  if (onlyNarrowed) {
    return {
      eligible: false,
      reason:
        `expired ${expiry} and not referenced in the ${usage.coverage.scanned.length} regions scanned, but ${leftOut.length} enabled ` +
        `region${leftOut.length === 1 ? ' was' : 's were'} left out by --regions (${leftOut.join(', ')}): retire deletes only what was checked ` +
        'in every region enabled for the account; run it without --regions',
    };
  }
  return { eligible: false, reason: `expired ${expiry} but ${formatUsage(usage, { expired: true, maxLength: REASON_USAGE_LENGTH })}` };
}

/**
 * A decision as `retire` prints it: `would-delete old-api: expired … and not
 * referenced`, escaped with {@link printable} (names and IAM's messages are
 * not ours to trust).
 */
export function describeDecision(name: string, decision: RetireDecision, reason: string): string {
  return printable(`${decision} ${name}: ${reason}`);
}
