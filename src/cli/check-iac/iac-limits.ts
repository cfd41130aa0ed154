import { constants } from 'node:buffer';
import { getHeapStatistics } from 'node:v8';

/**
 * The largest file the gate reads: Node's longest string
 * (`buffer.constants.MAX_STRING_LENGTH`, V8's `String::kMaxLength`, 2^29 − 24
 * UTF-16 code units on 64-bit). A UTF-8 file never decodes to more code units
 * than it has bytes, so a file within this size always fits in one string.
 */
export const MAX_IAC_FILE_BYTES = constants.MAX_STRING_LENGTH;

/**
 * The largest YAML file the gate reads. A CloudFormation template is at most
 * 1 MB even from S3 ("Template body size in an Amazon S3 object", AWS
 * CloudFormation quotas; 51,200 bytes inline), and Terraform plans are JSON,
 * so this is eight times the largest template there can be. It bounds the YAML
 * parser's node tree, which takes about 75 bytes of heap per byte of input.
 */
export const MAX_YAML_BYTES = 8 * 1024 * 1024;

/**
 * The most values a YAML file may expand to once its aliases are resolved.
 * Without aliases an 8 MiB file holds fewer than 4.2 million values (each
 * takes at least two characters), so only an alias bomb ("billion laughs")
 * reaches it.
 */
export const MAX_YAML_VALUES = 5_000_000;

/** How deeply collections may nest in YAML (the converter recurses; JSON.parse does not). */
export const MAX_YAML_NESTING = 1_000;

/**
 * Heap the JSON fast path needs, measured with `--expose-gc` on Node 20: the
 * text itself (up to 2 bytes a character), about 4 bytes a character for the
 * parsed values, and per container about 64 bytes for an object, 48 for an
 * array (the worst case, a file of empty `{}`, takes 21 bytes a character).
 * A 147 MB plan of 60,000 resources took 324 MB of heap.
 */
const JSON_HEAP = { perCharacter: 6, perObject: 64, perArray: 48 } as const;
/** Heap the YAML parser's node tree needs a character, measured on an 11 MB template (775 MB). */
const YAML_HEAP_PER_CHARACTER = 80;
/** Head room left for everything else (findings, output, the second file's read). */
const HEAP_HEAD_ROOM_BYTES = 64 * 1024 * 1024;

/** How many characters `{` and `[` the text has: an upper bound on its objects and arrays. */
function countContainers(text: string): { objects: number; arrays: number } {
  let objects = 0;
  let arrays = 0;
  for (let at = text.indexOf('{'); at !== -1; at = text.indexOf('{', at + 1)) objects += 1;
  for (let at = text.indexOf('['); at !== -1; at = text.indexOf('[', at + 1)) arrays += 1;
  return { objects, arrays };
}

/** Heap estimate of parsing `text`, in bytes. */
export function heapNeeded(text: string, syntax: 'json' | 'yaml'): number {
  if (syntax === 'yaml') return text.length * YAML_HEAP_PER_CHARACTER;
  const { objects, arrays } = countContainers(text);
  return text.length * JSON_HEAP.perCharacter + objects * JSON_HEAP.perObject + arrays * JSON_HEAP.perArray;
}

/** What this process may still allocate on its heap, in bytes. */
export function heapAvailable(): number {
  return Math.max(0, getHeapStatistics().total_available_size - HEAP_HEAD_ROOM_BYTES);
}

/** Bytes as KiB/MiB/GiB for messages. */
export function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (mib < 1) return `${Math.ceil(bytes / 1024)} KiB`;
  return mib >= 1024 ? `${(mib / 1024).toFixed(1)} GiB` : `${mib < 10 ? mib.toFixed(1) : Math.round(mib)} MiB`;
}

/**
 * Why a file of this text cannot be parsed in the memory left, or
 * `undefined` when it can. Checked before parsing, because running out of
 * heap kills Node outright: no exception, no exit code the gate chooses.
 */
export function memoryProblem(text: string, syntax: 'json' | 'yaml', available: number = heapAvailable()): string | undefined {
  const needed = heapNeeded(text, syntax);
  if (needed <= available) return undefined;
  const limitMib = Math.ceil((getHeapStatistics().heap_size_limit + needed - available) / (1024 * 1024) / 1024) * 1024;
  return (
    `checking this ${formatBytes(text.length)} ${syntax === 'json' ? 'JSON' : 'YAML'} file needs about ${formatBytes(needed)} of memory, ` +
    `more than this Node.js process has left (${formatBytes(available)}): run it with NODE_OPTIONS=--max-old-space-size=${limitMib}, or check a smaller plan`
  );
}
