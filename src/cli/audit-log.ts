import { appendFile } from 'node:fs/promises';
import { isoSeconds } from '../core/annotation';
import type { ServerCertificate } from '../core/server-certificate';

/** What `retire` decided for one certificate. */
export const RetireDecision = {
  /** Dry run: it would be deleted with `--yes`. */
  WouldDelete: 'would-delete',
  Deleted: 'deleted',
  /** Left in place, with the reason (not expired, in use, usage unknown, conflict…). */
  Kept: 'kept',
  /** The delete was attempted and failed for an unexpected reason. */
  Failed: 'failed',
} as const;

export type RetireDecision = (typeof RetireDecision)[keyof typeof RetireDecision];

/** One JSON line of the audit log. */
export interface AuditRecord {
  /** When the decision was made (ISO 8601, UTC, milliseconds). */
  readonly timestamp: string;
  readonly certificate: { readonly name: string; readonly id: string; readonly arn: string; readonly expiration: string };
  readonly decision: RetireDecision;
  readonly reason: string;
  readonly dryRun: boolean;
}

/** Builds one audit record. */
export function auditRecord(
  timestamp: Date,
  certificate: ServerCertificate,
  decision: RetireDecision,
  reason: string,
  dryRun: boolean,
): AuditRecord {
  return {
    timestamp: timestamp.toISOString(),
    certificate: { name: certificate.name, id: certificate.id, arn: certificate.arn, expiration: isoSeconds(certificate.expiration) },
    decision,
    reason,
    dryRun,
  };
}

/** Appends lines to a file; injected so tests need no disk. */
export type AppendLine = (file: string, line: string) => Promise<void>;

/**
 * Appends to the file (creating it) with owner-only permissions, since it
 * names certificates and accounts. Each record is written as soon as it is
 * decided, so a run cut short still leaves its trail.
 */
export const appendLineToFile: AppendLine = (file, line) => appendFile(file, line, { encoding: 'utf8', mode: 0o600 });
