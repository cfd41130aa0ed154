import { ComplianceType } from '../core/compliance-type';
import { evaluateCertificate } from '../core/evaluate-certificate';
import { DEFAULT_RULE_PARAMETERS } from '../core/rule-parameters';
import type { ServerCertificate } from '../core/server-certificate';

const MS_PER_DAY = 86_400_000;

/** Where a certificate stands at an instant. */
export const CertificateStatus = {
  Expired: 'expired',
  Expiring: 'expiring',
  Valid: 'valid',
} as const;

export type CertificateStatus = (typeof CertificateStatus)[keyof typeof CertificateStatus];

/** A certificate's status and whole days left (negative once expired). */
export interface StatusAtInstant {
  readonly status: CertificateStatus;
  /**
   * Whole days, as the rule's annotation counts them: days left rounded down
   * (never promises more time than there is), days gone rounded down too and
   * negative (`-20` for 20 days and some hours ago).
   */
  readonly daysLeft: number;
}

/**
 * The certificate's status at `now`, judged by the rule's own core so the CLI
 * and the Config rule never disagree: expired when `expiration <= now`,
 * expiring when the rule with `daysToExpiration = days` flags it, else valid.
 */
export function certificateStatus(certificate: Pick<ServerCertificate, 'name' | 'expiration'>, now: Date, days: number): StatusAtInstant {
  const remainingMs = certificate.expiration.getTime() - now.getTime();
  const daysLeft = remainingMs >= 0 ? Math.floor(remainingMs / MS_PER_DAY) : -Math.floor(-remainingMs / MS_PER_DAY);
  if (remainingMs <= 0) return { status: CertificateStatus.Expired, daysLeft };
  const verdict = evaluateCertificate(certificate, now, { ...DEFAULT_RULE_PARAMETERS, daysToExpiration: days });
  const status = verdict.complianceType === ComplianceType.NonCompliant ? CertificateStatus.Expiring : CertificateStatus.Valid;
  return { status, daysLeft };
}
