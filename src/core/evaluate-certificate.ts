import { fitAnnotation, isoSeconds, MAX_ANNOTATION_LENGTH } from './annotation';
import { ComplianceType } from './compliance-type';
import { controlReferences } from './compliance-references';
import type { NotApplicableReason } from './not-applicable';
import type { RuleParameters } from './rule-parameters';
import type { ServerCertificate } from './server-certificate';

/** Milliseconds in the 24-hour day every window of this rule counts in. */
export const MS_PER_DAY = 86_400_000;

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
 *   as the controls in compliance-references.ts (Security Hub IAM.26, CIS).
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
  return evaluateAgainstWindow(certificate, now, { days: parameters.daysToExpiration, fromTag: false });
}

/** A warning window in days, and whether it is the certificate's own (its `iam-cert-expiry:window-days` tag) rather than the rule's. */
export interface WarningWindow {
  readonly days: number;
  readonly fromTag: boolean;
}

/**
 * {@link evaluateCertificate} with a window that may be the certificate's own.
 * A tag's window is worded "its tagged N-day window", never "the N-day
 * window": the organisation report reads both back ({@link windowFromAnnotation}),
 * the rule's `daysToExpiration` from the one and the certificate's own window
 * from the other.
 */
export function evaluateAgainstWindow(certificate: Pick<ServerCertificate, 'name' | 'expiration'>, now: Date, window: WarningWindow): CertificateVerdict {
  const remainingMs = certificate.expiration.getTime() - now.getTime();
  const expiry = isoSeconds(certificate.expiration);
  const name = certificate.name;

  const days = wholeDaysLeft(certificate.expiration, now);
  if (remainingMs <= 0) {
    return {
      complianceType: ComplianceType.NonCompliant,
      state: ExpiryState.Expired,
      annotation: expiredAnnotation(`Expired ${expiry} (${describeAgo(-days)}) and still stored in IAM. Rotate, repoint consumers, then delete`, name),
    };
  }

  const windowMs = window.days * MS_PER_DAY;
  const named = windowPhrase(window);
  if (remainingMs <= windowMs) {
    return {
      complianceType: ComplianceType.NonCompliant,
      state: ExpiryState.Expiring,
      annotation: fitAnnotation(
        firstThatFits([
          `Expires ${expiry} (${describeLeft(days)}), within ${named}. Renew and re-upload before ${expiry}, then repoint consumers of ${name}.`,
          `Expires ${expiry} (${describeLeft(days)}), within ${named}. Renew and re-upload before ${expiry}, then repoint its consumers.`,
        ]),
      ),
    };
  }

  const outside = window.days > 0 ? `; outside ${named}` : '';
  return {
    complianceType: ComplianceType.Compliant,
    state: ExpiryState.Valid,
    annotation: fitAnnotation(`Valid until ${expiry} (${describeLeft(days)})${outside}.`),
  };
}

/**
 * The expired annotation: `head`, the certificate's name and the controls it
 * fails, every CIS edition when that fits in Config's 256 characters, else the
 * newest edition, else Security Hub's control alone. A name too long even for
 * that (IAM allows 128 characters) gives way to "it" (the result's resource id
 * names the certificate) rather than have the sentence cut in the middle.
 * The expiring annotation does the same ("then repoint its consumers").
 */
function expiredAnnotation(head: string, name: string): string {
  const references = controlReferences();
  const withName = references.map((reference) => `${head} ${name} (${reference}).`);
  return fitAnnotation(firstThatFits([...withName, `${head} it (${references[0]}).`]));
}

/** The first of `texts` within Config's 256 characters, else the last (which fitAnnotation then cuts). */
function firstThatFits(texts: readonly string[]): string {
  return texts.find((text) => text.length <= MAX_ANNOTATION_LENGTH) ?? texts.at(-1) ?? '';
}

/** "the 30-day window", or "its tagged 60-day window" for a certificate's own. */
export function windowPhrase(window: WarningWindow): string {
  return `${window.fromTag ? TAGGED_WINDOW : RULE_WINDOW} ${window.days}-day window`;
}

const RULE_WINDOW = 'the';
const TAGGED_WINDOW = 'its tagged';
const WINDOW_IN_ANNOTATION = new RegExp(`(?:within|outside) (${RULE_WINDOW}|${TAGGED_WINDOW}) (\\d+)-day window`, 'u');

/**
 * The window an annotation says the certificate was judged with ("within
 * its tagged 60-day window", "outside the 30-day window"): the inverse of
 * {@link windowPhrase} in the verdict sentence. `undefined` when it names
 * none (an expired certificate's, the strict rule's).
 */
export function windowFromAnnotation(annotation: string | undefined): WarningWindow | undefined {
  const match = annotation === undefined ? null : WINDOW_IN_ANNOTATION.exec(annotation);
  if (match?.[2] === undefined) return undefined;
  return { days: Number(match[2]), fromTag: match[1] === TAGGED_WINDOW };
}

/**
 * Whole days from `now` to `expiration`, rounded toward zero: 19 for 19.9 days
 * left, -20 for 20.1 days gone. A warning never promises more time than there
 * is, and a certificate is never called older than it is.
 */
export function wholeDaysLeft(expiration: Date, now: Date): number {
  const remainingMs = expiration.getTime() - now.getTime();
  return remainingMs >= 0 ? Math.floor(remainingMs / MS_PER_DAY) : -Math.floor(-remainingMs / MS_PER_DAY);
}

/**
 * Whole days from `now` to the expiry, as ACM's `DaysToExpiry` counts them:
 * rounded toward zero, as the annotation counts them, so "5 days left" is 5;
 * but never 0 once expired: from the expiry until two days have passed it
 * is -1, then -2…, so `< 0` means expired and `>= 0` not yet. The one number
 * the expiry events (`DaysToExpiry`) and the `report` command (`daysLeft`)
 * give, so a consumer filtering on `< 0` sees every expired certificate.
 *
 * @example
 * daysToExpiry(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T06:00:00Z')); // -1
 */
export function daysToExpiry(expiration: Date, now: Date): number {
  const days = wholeDaysLeft(expiration, now);
  return expiration.getTime() <= now.getTime() ? Math.min(-1, days) : days;
}

/** "10 days ago", "1 day ago", "less than a day ago": how the annotation and the finding say it. */
export function describeAgo(days: number): string {
  if (days === 0) return 'less than a day ago';
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

/** "5 days left", "1 day left", "less than a day left". */
export function describeLeft(days: number): string {
  if (days === 0) return 'less than a day left';
  return `${days} day${days === 1 ? '' : 's'} left`;
}
