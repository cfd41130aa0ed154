import { extname } from 'node:path';
import type { SourcePosition } from './findings';
import { JsonLocator } from './json-locator';
import { findJsonSyntaxError } from './json-syntax-error';
import { formatBytes, MAX_YAML_BYTES, memoryProblem } from './iac-limits';
import type { IacPath } from './iac-values';
import { LineIndex } from './line-index';
import { IacParseError } from './read-iac-file';
import { parseYamlValues } from './yaml-document';

/** A parsed JSON or YAML file: its values, and where in the text a path's value is. */
export interface IacDocument {
  readonly file: string;
  /** Which parser read it: `json` is the fast path (JSON.parse, no syntax tree). */
  readonly syntax: 'json' | 'yaml';
  readonly root: unknown;
  /** The 1-based line and column of the value at `path`, or of the deepest value on it that exists. */
  readonly position: (path: IacPath) => SourcePosition;
}

/**
 * Parses a file's text. JSON (every Terraform plan, `cdk synth` output, JSON
 * templates) takes the fast path: `JSON.parse`, with positions looked up in
 * the text only for the values a finding points at, so a plan of a hundred
 * megabytes needs a few times its size in memory rather than a node tree of
 * fifty times. A `.json` file must be JSON, and its errors are JSON's; other
 * files are JSON if they parse as JSON, YAML otherwise. A file whose parse
 * would not fit within the heap limit is refused first: running out of heap
 * would end the process with no exit code the gate chose.
 */
export function parseIacDocument(file: string, text: string): IacDocument {
  const isJsonFile = extname(file).toLowerCase() === '.json';
  if (isJsonFile || /^\s*[{[]/.test(text.slice(0, 1024))) {
    const tooBig = memoryProblem(text, 'json');
    if (tooBig !== undefined) throw new IacParseError(file, undefined, tooBig, true);
    const lines = new LineIndex(text);
    let root: unknown;
    try {
      root = JSON.parse(text);
    } catch (error) {
      if (isJsonFile) throw jsonError(file, text, lines, error);
    }
    if (root !== undefined) {
      const locator = new JsonLocator(text);
      return { file, syntax: 'json', root, position: (path) => lines.position(locator.offset(path)) };
    }
  }
  if (text.length > MAX_YAML_BYTES) {
    throw new IacParseError(file, undefined, `the file is ${formatBytes(text.length)} of YAML, more than the gate reads (MAX_YAML_BYTES, ${formatBytes(MAX_YAML_BYTES)}; a CloudFormation template is at most 1 MB)`, true);
  }
  const tooBig = memoryProblem(text, 'yaml');
  if (tooBig !== undefined) throw new IacParseError(file, undefined, tooBig, true);
  const { root, position } = parseYamlValues(file, text);
  return { file, syntax: 'yaml', root, position };
}

/** A `.json` file that is not JSON: where, and why in plain words. */
function jsonError(file: string, text: string, lines: LineIndex, cause: unknown): IacParseError {
  const found = findJsonSyntaxError(text, (offset) => lines.position(offset));
  if (found === undefined) return new IacParseError(file, undefined, `not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}`);
  return new IacParseError(file, lines.position(found.offset), `not valid JSON: ${found.message}`);
}
