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

/**
 * The most values expanding a template's `Fn::ForEach` loops may copy. The
 * template CloudFormation deploys after the transform is held to the same
 * quotas as any (1 MB; AWS CloudFormation Template Reference, "Fn::ForEach":
 * the quotas apply to the resultant template), far fewer values than this, so
 * only loops nested to multiply without end reach it; the gate then fails
 * closed rather than run out of memory.
 */
export const MAX_TEMPLATE_VALUES = 5_000_000;

/**
 * How deeply collections may nest in YAML, in the file and once its aliases
 * are expanded. The YAML library's composer recurses once a level (and so
 * does the gate's converter; JSON.parse does not) and runs out of stack from
 * 700 to 900 levels on Node 20 (measured: a first parse in a fresh process,
 * or in a jest test). Near the stack's edge V8 may even abort the process rather
 * than throw ("FATAL ERROR: RegExpCompiler Allocation failed": it compiles a
 * regular expression there, with no stack left to do it), so the file's
 * nesting is read before the composer runs, and the limit stays far short of
 * that: no template comes near it.
 */
export const MAX_YAML_NESTING = 256;

/**
 * Heap the JSON fast path takes beyond the text itself: the values
 * `JSON.parse` builds, and what the collector needs while it builds them.
 * Measured on Node 20 as the smallest `--max-old-space-size` each file checks
 * in, less what a tiny plan checks in (`npm run bench:check-iac`;
 * docs/performance.md, "check-iac"): generated plans of 30-166 MB took
 * 1.9-2.5 bytes a character in all, text included (EC2 instances on one line
 * 2.2, indented 1.9; security group rules 2.3, Route 53 records 2.5, IAM
 * roles 2.0), and this estimate comes to 2.8-3.8 for them, a quarter or more
 * above each. A file of nothing but `{}` took 66 bytes an object, text
 * included, and of `[]` 43 an array. Not covered: one object of millions of
 * distinct keys (7.0 bytes a character: a dictionary entry and a new string
 * each, against 2.25 estimated). No plan is built that way; if one were, and
 * the heap ran out, V8 would abort the process (exit code 134): a failed
 * gate still, not a pass, but without this guard's message.
 */
const JSON_HEAP = { perCharacter: 1.25, perObject: 72, perArray: 48 } as const;
/**
 * Heap the YAML parser's node tree takes a character beyond the text,
 * measured the same way: 91 bytes a character in all on a 7.5 MB template
 * in dense flow style (`{ Type: …, Properties: { … } }`, a resource a line),
 * the worst case, and about 60 in block style.
 */
const YAML_HEAP_PER_CHARACTER = 110;
/**
 * Heap the gate keeps for everything but the file: the CLI's own heap once
 * loaded (it checks a tiny plan in `--max-old-space-size=24`, measured), the
 * young generation that `heap_size_limit` counts on top of
 * `--max-old-space-size` (48 MiB: three semi-spaces of V8's default 16 MiB),
 * and the findings and output.
 */
const HEAP_HEAD_ROOM_BYTES = 80 * 1024 * 1024;
/** The suggested `--max-old-space-size` is rounded up to this many MiB. */
const SUGGESTION_STEP_MIB = 64;

/** How many characters `{` and `[` the text has: an upper bound on its objects and arrays. */
function countContainers(text: string): { objects: number; arrays: number } {
  let objects = 0;
  let arrays = 0;
  for (let at = text.indexOf('{'); at !== -1; at = text.indexOf('{', at + 1)) objects += 1;
  for (let at = text.indexOf('['); at !== -1; at = text.indexOf('[', at + 1)) arrays += 1;
  return { objects, arrays };
}

/**
 * Heap the text itself takes: V8 keeps a string one byte a character when
 * every character is at most U+00FF, and two bytes a character otherwise.
 */
function textBytes(text: string): number {
  return /[\u0100-\uffff]/.test(text) ? text.length * 2 : text.length;
}

/** Heap checking `text` takes at its peak, in bytes: the text (already read, counted once) and what parsing it builds. */
function heapNeeded(text: string, syntax: 'json' | 'yaml'): number {
  if (syntax === 'yaml') return textBytes(text) + text.length * YAML_HEAP_PER_CHARACTER;
  const { objects, arrays } = countContainers(text);
  return textBytes(text) + text.length * JSON_HEAP.perCharacter + objects * JSON_HEAP.perObject + arrays * JSON_HEAP.perArray;
}

/** The part of `v8.getHeapStatistics()` the guard reads. */
export interface HeapLimit {
  /** The most heap V8 lets this process have, young generation included: set by `--max-old-space-size`. */
  readonly heap_size_limit: number;
}

/**
 * The heap a file may take: the heap limit less the head room. Fixed for the
 * process, so the answer for a file never depends on what the heap holds at
 * the moment (the files checked before it leave garbage that V8 collects when
 * it needs the room).
 */
export function heapAvailable(heap: HeapLimit = getHeapStatistics()): number {
  return Math.max(0, heap.heap_size_limit - HEAP_HEAD_ROOM_BYTES);
}

/** Bytes as KiB/MiB/GiB for messages. */
export function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (mib < 1) return `${Math.ceil(bytes / 1024)} KiB`;
  return mib >= 1024 ? `${(mib / 1024).toFixed(1)} GiB` : `${mib < 10 ? mib.toFixed(1) : Math.round(mib)} MiB`;
}

/**
 * Why a file of this text cannot be checked within the heap limit, or
 * `undefined` when it can. Checked before parsing, because running out of
 * heap kills Node outright: no exception, no exit code the gate chooses. The
 * suggested `--max-old-space-size` is enough on its own (the young generation
 * comes on top of it), so a second run with it passes this check.
 */
export function memoryProblem(text: string, syntax: 'json' | 'yaml', heap: HeapLimit = getHeapStatistics()): string | undefined {
  const needed = heapNeeded(text, syntax);
  const available = heapAvailable(heap);
  if (needed <= available) return undefined;
  const limitMib = Math.ceil((needed + HEAP_HEAD_ROOM_BYTES) / (1024 * 1024) / SUGGESTION_STEP_MIB) * SUGGESTION_STEP_MIB;
  return (
    `checking this ${formatBytes(text.length)} ${syntax === 'json' ? 'JSON' : 'YAML'} file needs about ${formatBytes(needed)} of memory, ` +
    `more than this Node.js process has left (${formatBytes(available)}): run it with NODE_OPTIONS=--max-old-space-size=${limitMib}, or check a smaller plan`
  );
}
