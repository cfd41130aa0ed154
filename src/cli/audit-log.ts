import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import { isoSeconds } from '../core/annotation';
import type { ServerCertificate } from '../core/server-certificate';
import { AuditLogError, describeError } from '../errors';

/**
 * Appends one line to a file and resolves only once it is on disk; injected
 * so tests need no disk. A rejection means the line may not have been kept.
 */
export type AppendLine = (file: string, line: string) => Promise<void>;

/**
 * Appends to the file (creating it) with owner-only permissions, since it
 * names certificates and accounts, then fsyncs it: a command that writes an
 * intent record before a change must know the record survives a crash or a
 * full disk (`/dev/full` answers ENOSPC here, so nothing is changed).
 * `FileHandle.appendFile` loops over short writes, unlike a single `write`.
 */
export const appendLineToFile: AppendLine = async (file, line) => {
  const handle = await open(file, 'a', 0o600);
  try {
    await handle.appendFile(line, 'utf8');
    try {
      await handle.sync();
    } catch (error) {
      // fsync(2) answers EINVAL for pipes, sockets and terminals, which hold
      // nothing to flush; on a regular file any fsync error is a failure.
      if (!(codeOf(error) === 'EINVAL' && !(await handle.stat()).isFile())) throw error;
    }
  } finally {
    await handle.close();
  }
};

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

/** Who acted: the caller as STS GetCallerIdentity names it, and the profile used. */
export interface AuditActor {
  readonly arn: string;
  readonly account: string;
  /** `AWS_PROFILE`, or `null` for the default credential chain. */
  readonly profile: string | null;
}

/** A certificate as an audit record names it. */
export interface AuditCertificate {
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly expiration: string;
}

/** What every record of one run shares: which run, who, where, for real or not. */
export interface AuditContext {
  readonly command: string;
  readonly actor: AuditActor;
  /** Regions whose load balancers were scanned (CloudFront is global and always scanned). */
  readonly regions: readonly string[];
  readonly dryRun: boolean;
}

/** One JSON line of the audit log. */
export interface AuditRecord extends AuditContext {
  /** When the record was written (ISO 8601, UTC, milliseconds). */
  readonly timestamp: string;
  /** The same for every line of one run. */
  readonly runId: string;
  /** `run-start`, `decision`, `intent` (written and synced before a change), `outcome` (after it), `step`… */
  readonly event: string;
  readonly [field: string]: unknown;
}

/** The audit shape of a certificate: never its body or key. */
export function auditCertificate(certificate: ServerCertificate): AuditCertificate {
  return { name: certificate.name, id: certificate.id, arn: certificate.arn, expiration: isoSeconds(certificate.expiration) };
}

/**
 * The audit trail of one run: each record is a JSON line carrying the run id,
 * who and where, appended and synced before {@link write} resolves. Without a
 * file it writes nothing and never fails. A failed write throws
 * {@link AuditLogError}: commands write an intent record before each change
 * and make no change when it fails.
 */
export class AuditTrail {
  private readonly runId = randomUUID();

  public constructor(
    private readonly file: string | undefined,
    private readonly append: AppendLine,
    private readonly clock: () => Date,
    private readonly context: AuditContext,
  ) {}

  /** Whether records go anywhere. */
  public get enabled(): boolean {
    return this.file !== undefined;
  }

  /** Appends one record; resolves once it is on disk. */
  public async write(event: string, fields: Readonly<Record<string, unknown>> = {}): Promise<void> {
    if (this.file === undefined) return;
    const record: AuditRecord = { timestamp: this.clock().toISOString(), runId: this.runId, event, ...this.context, ...fields };
    try {
      await this.append(this.file, `${JSON.stringify(record)}\n`);
    } catch (error) {
      throw new AuditLogError(this.file, event, describeError(error), { cause: error });
    }
  }
}
