import { isoSeconds } from '../../core/annotation';
import type { ServerCertificate } from '../../core/server-certificate';
import type { CertificateUsage, UsageInventory } from '../../usage/certificate-usage';
import { formatUsage } from '../../usage/format-usage';
import { usageOf } from '../../usage/usage-of';
import { certificateStatus, type CertificateStatus } from '../certificate-status';

/** One line of the `report` command, before formatting. */
export interface ReportRow {
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
  /** One-line usage text: `in use by …`, `not referenced: …`, `usage unknown: …`, or `not checked`. */
  readonly usageText: string;
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
): ReportRow[] {
  return [...certificates]
    .sort((a, b) => a.expiration.getTime() - b.expiration.getTime() || a.name.localeCompare(b.name))
    .map((certificate) => {
      const usage = inventory === undefined ? undefined : usageOf(certificate, inventory);
      return {
        name: certificate.name,
        id: certificate.id,
        arn: certificate.arn,
        path: certificate.path,
        expiration: isoSeconds(certificate.expiration),
        ...certificateStatus(certificate, now, days),
        usage,
        usageText: usage === undefined ? USAGE_NOT_CHECKED : formatUsage(usage),
      };
    });
}
