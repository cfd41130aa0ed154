import { X509Certificate } from 'node:crypto';
import { evaluateCertificate, ExpiryState, wholeDaysLeft } from '../../core/evaluate-certificate';

/** What the gate can tell of an inline certificate body. */
export type BodyVerdict =
  | { readonly kind: 'expired' | 'expiring' | 'valid'; readonly expiration: Date; readonly daysLeft: number }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Reads the first certificate of a PEM body and judges its expiry with the
 * rule's own verdict (src/core), so the gate and the rule never disagree on
 * what "expiring within N days" means.
 */
export function judgeCertificateBody(pem: string, now: Date, days: number): BodyVerdict {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch (error) {
    return { kind: 'invalid', reason: error instanceof Error ? error.message : String(error) };
  }
  const expiration = new Date(certificate.validTo);
  if (Number.isNaN(expiration.getTime())) return { kind: 'invalid', reason: `unreadable notAfter ${certificate.validTo}` };
  const verdict = evaluateCertificate({ name: certificate.subject, expiration }, now, { daysToExpiration: days });
  const daysLeft = wholeDaysLeft(expiration, now);
  const kind = verdict.state === ExpiryState.Expired ? 'expired' : verdict.state === ExpiryState.Expiring ? 'expiring' : 'valid';
  return { kind, expiration, daysLeft };
}
