import { fitAnnotation, isoSeconds } from './annotation';
import { ComplianceType } from './compliance-type';
import type { NotApplicableReason } from './not-applicable';
import type { RuleParameters } from './rule-parameters';
import type { ServerCertificate } from './server-certificate';

const MS_PER_DAY = 86_400_000;

/** Where a certificate stands; finer than the compliance type, for logs and metrics. */
export const ExpiryState = {
  Expired: 'Expired',
  Expiring: 'Expiring',
  Valid: 'Valid',
} as const;

export type ExpiryState = (typeof ExpiryState)[keyof typeof ExpiryState];

/** The verdict on one certificate, before it is tied to a Config resource id. */
export interface CertificateVerdict {
  readonly complianceType: ComplianceType;
  readonly annotation: string;
  /** Why: an expiry state, or the reason it is NOT_APPLICABLE. */
  readonly state: ExpiryState | NotApplicableReason;
}

/**
 * Judges one certificate at instant `now`.
 *
 * - Expired (`expiration <= now`, to the millisecond IAM gives): NON_COMPLIANT,
 *   as Security Hub IAM.26 and CIS AWS Foundations 1.19 (v3.0.0) / 1.18 (v5.0.0).
 * - Expiring within `daysToExpiration` days (`expiration <= now + days`):
 *   NON_COMPLIANT, the early warning.
 * - Otherwise COMPLIANT.
 *
 * The windows are exact spans of 24 hours from `now`, not calendar days, so the
 * result does not depend on the time zone or on midnight.
 *
 * @example
 * evaluateCertificate(cert, new Date(), { daysToExpiration: 30 }).complianceType;
 */
export function evaluateCertificate(
  certificate: Pick<ServerCertificate, 'name' | 'expiration'>,
  now: Date,
  parameters: Pick<RuleParameters, 'daysToExpiration'>,
): CertificateVerdict {
  const remainingMs = certificate.expiration.getTime() - now.getTime();
  const expiry = isoSeconds(certificate.expiration);
  const name = certificate.name;

  if (remainingMs <= 0) {
    return {
      complianceType: ComplianceType.NonCompliant,
      state: ExpiryState.Expired,
      annotation: fitAnnotation(
        `Expired ${expiry} (${describeAgo(-remainingMs)}) and still stored in IAM. ` +
          `Rotate, repoint consumers, then delete ${name} (Security Hub IAM.26, CIS 1.19).`,
      ),
    };
  }

  const windowMs = parameters.daysToExpiration * MS_PER_DAY;
  if (remainingMs <= windowMs) {
    return {
      complianceType: ComplianceType.NonCompliant,
      state: ExpiryState.Expiring,
      annotation: fitAnnotation(
        `Expires ${expiry} (${describeLeft(remainingMs)}), within the ${parameters.daysToExpiration}-day window. ` +
          `Renew and re-upload before ${expiry}, then repoint consumers of ${name}.`,
      ),
    };
  }

  const window = parameters.daysToExpiration > 0 ? `; outside the ${parameters.daysToExpiration}-day window` : '';
  return {
    complianceType: ComplianceType.Compliant,
    state: ExpiryState.Valid,
    annotation: fitAnnotation(`Valid until ${expiry} (${describeLeft(remainingMs)})${window}.`),
  };
}

/** Whole days elapsed, rounded down: a certificate is never older than it says. */
function describeAgo(elapsedMs: number): string {
  const days = Math.floor(elapsedMs / MS_PER_DAY);
  if (days === 0) return 'less than a day ago';
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

/** Whole days left, rounded down: a warning never promises more time than there is. */
function describeLeft(remainingMs: number): string {
  const days = Math.floor(remainingMs / MS_PER_DAY);
  if (days === 0) return 'less than a day left';
  return `${days} day${days === 1 ? '' : 's'} left`;
}
