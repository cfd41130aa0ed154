import { isoSeconds } from '../../core/annotation';
import type { ServerCertificate } from '../../core/server-certificate';
import { UsageState, type CertificateUsage } from '../../usage/certificate-usage';
import { formatUsage } from '../../usage/format-usage';
import { certificateStatus, CertificateStatus } from '../certificate-status';

/** What `retire` decided for one certificate. */
export const RetireDecision = {
  /** Dry run: it would be deleted with `--yes`. */
  WouldDelete: 'would-delete',
  Deleted: 'deleted',
  /** Left in place, with the reason (not expired, in use, usage unknown, replaced, conflict…). */
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

/**
 * The one gate every delete passes: only a certificate that has expired at
 * `now` and that a complete usage scan found unreferenced. Referenced and
 * usage-unknown certificates are never eligible, whatever the flags.
 */
export function retireEligibility(certificate: ServerCertificate, now: Date, usage: CertificateUsage | undefined): Eligibility {
  const { status, daysLeft } = certificateStatus(certificate, now, 0);
  const expiry = isoSeconds(certificate.expiration);
  if (status !== CertificateStatus.Expired) {
    return { eligible: false, reason: `not expired: valid until ${expiry} (${daysLeft} days left)` };
  }
  if (usage === undefined) return { eligible: false, reason: 'usage not checked' };
  if (usage.state !== UsageState.NotReferenced) {
    return { eligible: false, reason: `expired ${expiry} but ${formatUsage(usage, 200)}` };
  }
  return { eligible: true, reason: `expired ${expiry} (${-daysLeft} days ago) and not referenced` };
}

/** A decision as `retire` prints it: `would-delete old-api: expired … and not referenced`. */
export function describeDecision(name: string, decision: RetireDecision, reason: string): string {
  return `${decision} ${name}: ${reason}`;
}
