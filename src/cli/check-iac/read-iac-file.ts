import { isUtf8 } from 'node:buffer';
import { readFile, stat } from 'node:fs/promises';
import type { SourcePosition } from './findings';
import { formatBytes, MAX_IAC_FILE_BYTES } from './iac-limits';

/** A file the gate could not read as text, or could not parse, with where (if anywhere) it gave up. */
export class IacParseError extends Error {
  public constructor(
    public readonly file: string,
    public readonly position: SourcePosition | undefined,
    message: string,
    /**
     * The gate gave up at one of its own limits (size, memory, YAML nesting,
     * alias expansion), so it cannot tell the file is not a plan or template:
     * a problem even when a directory search found it. The gate fails closed.
     */
    public readonly failClosed = false,
  ) {
    super(message);
    this.name = 'IacParseError';
  }
}

/** The byte-order marks of Unicode encodings (The Unicode Standard, §23.8 "Specials", U+FEFF). */
const BYTE_ORDER_MARKS = [
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'UTF-32BE' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'UTF-32LE' },
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'UTF-8' },
  { bytes: [0xfe, 0xff], encoding: 'UTF-16BE' },
  { bytes: [0xff, 0xfe], encoding: 'UTF-16LE' },
] as const;

/** A ZIP archive's local file header signature (PKWARE APPNOTE §4.3.7): what a binary `terraform plan -out` file is. */
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04] as const;

function startsWith(buffer: Buffer, bytes: readonly number[]): boolean {
  return buffer.length >= bytes.length && bytes.every((byte, index) => buffer[index] === byte);
}

/**
 * Reads a file as text. UTF-8 (with or without a byte-order mark) and UTF-16
 * with a byte-order mark (what Windows PowerShell's `>` writes) are decoded;
 * anything else is an {@link IacParseError} that says what the file is. A file
 * larger than {@link MAX_IAC_FILE_BYTES} is refused before it is read.
 */
export async function readIacText(file: string): Promise<string> {
  const info = await stat(file);
  // A device (/dev/zero, /dev/stdin), FIFO or socket has no size to check and may never end, or block: refused before it is opened.
  if (!info.isFile()) throw new IacParseError(file, undefined, 'not a regular file (a device, FIFO or socket), so the gate cannot read it as a plan or template', true);
  const { size } = info;
  if (size > MAX_IAC_FILE_BYTES) {
    throw new IacParseError(file, undefined, `the file is ${formatBytes(size)}, larger than the gate reads (MAX_IAC_FILE_BYTES, ${formatBytes(MAX_IAC_FILE_BYTES)}, the longest string Node.js can hold)`, true);
  }
  return decodeIacText(file, await readFile(file));
}

/** The text of a file's bytes; see {@link readIacText}. */
function decodeIacText(file: string, buffer: Buffer): string {
  const mark = BYTE_ORDER_MARKS.find((candidate) => startsWith(buffer, candidate.bytes));
  const fail = (message: string): never => {
    throw new IacParseError(file, undefined, message);
  };
  switch (mark?.encoding) {
    case 'UTF-32BE':
    case 'UTF-32LE':
      return fail(`the file is ${mark.encoding} (it starts with that byte-order mark): save it as UTF-8`);
    case 'UTF-16LE':
    case 'UTF-16BE': {
      const body = buffer.subarray(2);
      if (body.length % 2 !== 0) fail(`the file starts with a ${mark.encoding} byte-order mark but has an odd number of bytes: it is not ${mark.encoding} text`);
      // Buffer decodes little-endian only: swap a big-endian copy's byte pairs first.
      return (mark.encoding === 'UTF-16BE' ? Buffer.from(body).swap16() : body).toString('utf16le');
    }
    default:
      break;
  }
  const body = mark === undefined ? buffer : buffer.subarray(mark.bytes.length);
  if (!isUtf8(body)) {
    if (startsWith(body, ZIP_SIGNATURE)) {
      fail('the file is a ZIP archive, such as a binary Terraform plan (terraform plan -out): give the JSON of terraform show -json plan.tfplan instead');
    }
    const text = body.toString('utf8');
    const line = text.slice(0, text.indexOf('\uFFFD')).split('\n').length;
    fail(`the file is not UTF-8 text (an invalid byte sequence on line ${line}): save it as UTF-8`);
  }
  if (looksLikeUtf16WithoutMark(body)) fail('the file looks like UTF-16 without a byte-order mark (every other byte is zero): save it as UTF-8');
  return body.toString('utf8');
}

/** ASCII text stored as UTF-16 has a zero in every other byte; UTF-8 text has no zero bytes at all. */
function looksLikeUtf16WithoutMark(buffer: Buffer): boolean {
  const sample = buffer.subarray(0, 512);
  let zeros = 0;
  for (const byte of sample) if (byte === 0) zeros += 1;
  return sample.length >= 2 && zeros * 4 >= sample.length;
}

/** Why a file system call failed, in plain words, by error code (POSIX errno names, as libuv gives them to Node.js). */
const FS_REASONS: Readonly<Record<string, string>> = {
  ELOOP: 'it loops through symbolic links',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'a directory, not a file',
  ENOTDIR: 'a part of its path is not a folder',
  ENAMETOOLONG: 'the path is too long',
  EIO: 'an input/output error',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EBUSY: 'the file is busy',
  ETIMEDOUT: 'the read timed out',
  ENXIO: 'no such device',
};

/**
 * Why a file system call failed, in plain words: `missing` for ENOENT (a
 * missing file, or a link's missing target). Never Node's own text, which
 * repeats the path (`EACCES: permission denied, open '/x'`): the caller
 * names the path once.
 */
export function fsErrorReason(error: unknown, missing = 'no such file'): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return missing;
  if (typeof code === 'string') return FS_REASONS[code] ?? `the system refused it (${code})`;
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
