import { evaluateCertificate, ExpiryState, wholeDaysLeft, type CertificateVerdict } from '../core/evaluate-certificate';
import type { ServerCertificate } from '../core/server-certificate';
import { RuleError } from '../errors';

/** Where a certificate stands at an instant, as the CLI prints it. */
export const CertificateStatus = {
  Expired: 'expired',
  Expiring: 'expiring',
  Valid: 'valid',
} as const;

export type CertificateStatus = (typeof CertificateStatus)[keyof typeof CertificateStatus];

/** A certificate's status and whole days left (negative once expired). */
export interface StatusAtInstant {
  readonly status: CertificateStatus;
  /** As the rule's annotation counts them: `19` for 19.9 days left, `-20` for 20.1 days gone. */
  readonly daysLeft: number;
}

const STATUS_OF: Readonly<Record<string, CertificateStatus>> = {
  [ExpiryState.Expired]: CertificateStatus.Expired,
  [ExpiryState.Expiring]: CertificateStatus.Expiring,
  [ExpiryState.Valid]: CertificateStatus.Valid,
};

/**
 * The certificate's status at `now`, judged by the rule's own core so the CLI
 * and the Config rule never disagree: expired when `expiration <= now`,
 * expiring when the rule with `daysToExpiration = days` flags it, else valid.
 */
export function certificateStatus(certificate: Pick<ServerCertificate, 'name' | 'expiration'>, now: Date, days: number): StatusAtInstant {
  const { state } = evaluateCertificate(certificate, now, { daysToExpiration: days });
  return { status: statusOfState(state), daysLeft: wholeDaysLeft(certificate.expiration, now) };
}

/** The CLI's word for a verdict's expiry state. */
export function statusOfState(state: CertificateVerdict['state']): CertificateStatus {
  const status = STATUS_OF[state];
  // The core gives only expiry states for a certificate it judged; anything else is a bug, never "valid".
  if (status === undefined) throw new RuleError(`No CLI status for the verdict state ${state}`);
  return status;
}
