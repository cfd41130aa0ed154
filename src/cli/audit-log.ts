import { randomUUID } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, open, stat, type FileHandle } from 'node:fs/promises';
import { isoSeconds } from '../core/annotation';
import type { ServerCertificate } from '../core/server-certificate';
import { AuditFileError, AuditLogError, describeError } from '../errors';
import { printable } from './terminal-text';

/**
 * Appends one line to a file and resolves only once it is on disk; injected
 * so tests need no disk. A rejection means the line may not have been kept.
 */
export type AppendLine = (file: string, line: string) => Promise<void>;

/** Owner read and write only: the records name certificates, accounts and who acted. */
export const AUDIT_FILE_MODE = 0o600;

/**
 * Write-only, appending, created when missing. `O_NONBLOCK` makes a FIFO
 * with no reader fail at once (ENXIO, open(2)) instead of blocking the
 * command forever; `O_NOCTTY` keeps a terminal from becoming the process's
 * controlling terminal. Neither changes how a regular file is written.
 * Windows has neither flag.
 */
const APPEND_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * Appends to a regular file (creating it) with owner-only permissions, then
 * fsyncs it: a command that writes an intent record before a change must
 * know the record survives a crash or a full disk. Anything else is refused
 * before a byte is written, a symbolic link to it included: `/dev/null`,
 * `/dev/full` and other devices, FIFOs, sockets and directories keep no
 * record to read back, so an audit log there would be a record in name only.
 * The type is checked on the opened descriptor (fstat), so a path swapped
 * between the check and the write cannot slip through. An existing file with
 * wider permissions is made owner-only, or refused when that fails.
 * `FileHandle.appendFile` loops over short writes, unlike a single `write`.
 */
export const appendLineToFile: AppendLine = async (file, line) => {
  const handle = await openForAppend(file);
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) throw new AuditFileError(`${await viaLink(file)}${kindOf(opened)}, not a regular file: an audit record must land in a file it can be read back from`);
    if ((opened.mode & 0o777) !== AUDIT_FILE_MODE) await makeOwnerOnly(handle, opened);
    await handle.appendFile(line, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
};

async function openForAppend(file: string): Promise<FileHandle> {
  try {
    return await open(file, APPEND_FLAGS, AUDIT_FILE_MODE);
  } catch (error) {
    // A directory (EISDIR), or a FIFO with no reader or a socket (ENXIO): say which, not just the errno.
    const code = codeOf(error);
    if (code !== 'EISDIR' && code !== 'ENXIO') throw error;
    const found = await stat(file).catch(() => undefined);
    const kind = found === undefined ? `not writable as a file (${String(code)})` : kindOf(found);
    throw new AuditFileError(`${await viaLink(file)}${kind}, not a regular file: an audit record must land in a file it can be read back from`, { cause: error });
  }
}

async function makeOwnerOnly(handle: FileHandle, opened: Stats): Promise<void> {
  const was = (opened.mode & 0o777).toString(8).padStart(4, '0');
  try {
    await handle.chmod(AUDIT_FILE_MODE);
  } catch (error) {
    throw new AuditFileError(`has mode ${was} and cannot be made owner-only (0600): ${describeError(error)}; the records name certificates and accounts`, { cause: error });
  }
}

/** "the symbolic link leads to " when `file` is one, so the message names what was really found. */
async function viaLink(file: string): Promise<string> {
  const link = await lstat(file).catch(() => undefined);
  return link?.isSymbolicLink() === true ? 'the symbolic link leads to ' : 'is ';
}

function kindOf(found: Stats): string {
  if (found.isDirectory()) return 'a directory';
  if (found.isCharacterDevice()) return 'a character device (such as /dev/null or a terminal)';
  if (found.isBlockDevice()) return 'a block device';
  if (found.isFIFO()) return 'a FIFO (named pipe)';
  if (found.isSocket()) return 'a socket';
  return 'something other than a file';
}

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

/** Who acted: the caller as STS GetCallerIdentity names it, and the profile used. */
export interface AuditActor {
  readonly arn: string;
  readonly account: string;
  /** The profile in effect (`--profile`, else `AWS_PROFILE`), or `null` for the default credential chain. */
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
      throw new AuditLogError(printable(this.file), event, describeError(error), { cause: error });
    }
  }
}
