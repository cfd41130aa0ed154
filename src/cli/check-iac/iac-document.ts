import type { SourcePosition } from './findings';
import { formatBytes, MAX_YAML_BYTES, memoryProblem } from './iac-limits';
import type { IacPath } from './iac-values';
import { JsonLocator } from './json-locator';
import { findDuplicateKeys, type DuplicateKeys } from './duplicate-keys';
import { findJsonSyntaxError } from './json-syntax-error';
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
  /** The keys the file sets twice in one object or mapping (for JSON, found by a pass over the text on the first call). */
  readonly duplicateKeys: () => DuplicateKeys;
  /** Why the text is not JSON, for a text that starts like JSON but was read as YAML. */
  readonly jsonError?: IacParseError;
}

/**
 * Parses a file's text, judging its format by its content, as CloudFormation
 * does (a `.json` file may hold YAML: CloudFormation gets a template as the
 * text of `TemplateBody` or an object at `TemplateURL`, with no file name or
 * format parameter — AWS CloudFormation API Reference, CreateStack — and
 * reads JSON or YAML, User Guide "CloudFormation template format"): a text that starts with `{` or `[` is
 * tried as JSON first, and read as YAML if it is not JSON (YAML's flow style
 * takes most near-JSON); any other text is YAML. JSON (every Terraform plan,
 * `cdk synth` output, JSON templates) takes the fast path: `JSON.parse`,
 * with positions looked up in the text only for the values a finding points
 * at, so a plan of a hundred megabytes needs a few times its size in memory
 * rather than a node tree of fifty times. A file whose parse would not fit
 * within the heap limit is refused first: running out of heap would end the
 * process with no exit code the gate chose.
 */
export function parseIacDocument(file: string, text: string): IacDocument {
  if (!/\S/.test(text)) throw new IacParseError(file, { line: 1, column: 1 }, 'the file is empty');
  let jsonError: IacParseError | undefined;
  if (/^\s*[{[]/.test(text.slice(0, 1024))) {
    const tooBig = memoryProblem(text, 'json');
    if (tooBig !== undefined) throw new IacParseError(file, undefined, tooBig, true);
    let root: unknown;
    try {
      root = JSON.parse(text);
    } catch (error) {
      jsonError = jsonSyntaxError(file, text, error);
    }
    if (jsonError === undefined) {
      const lines = new LineIndex(text);
      const locator = new JsonLocator(text);
      let duplicates: DuplicateKeys | undefined;
      return { file, syntax: 'json', root, position: (path) => lines.position(locator.offset(path)), duplicateKeys: () => (duplicates ??= findDuplicateKeys(text, lines)) };
    }
    // Too big to be YAML, or too big for the heap as YAML: what is wrong with it as JSON is the useful answer.
    if (text.length > MAX_YAML_BYTES || memoryProblem(text, 'yaml') !== undefined) throw jsonError;
    try {
      return { ...yamlDocument(file, text), jsonError };
    } catch (error) {
      // Not YAML either: it was meant as JSON. The gate's own YAML limits still fail closed.
      if (error instanceof IacParseError && !error.failClosed) throw jsonError;
      throw error;
    }
  }
  if (text.length > MAX_YAML_BYTES) {
    throw new IacParseError(file, undefined, `the file is ${formatBytes(text.length)} of YAML, more than the gate reads (MAX_YAML_BYTES, ${formatBytes(MAX_YAML_BYTES)}; a CloudFormation template is at most 1 MB)`, true);
  }
  const tooBig = memoryProblem(text, 'yaml');
  if (tooBig !== undefined) throw new IacParseError(file, undefined, tooBig, true);
  return yamlDocument(file, text);
}

function yamlDocument(file: string, text: string): IacDocument {
  const { root, position, duplicates } = parseYamlValues(file, text);
  return { file, syntax: 'yaml', root, position, duplicateKeys: () => duplicates };
}

/** A text that is not JSON: where, and why in plain words. */
function jsonSyntaxError(file: string, text: string, cause: unknown): IacParseError {
  const found = findJsonSyntaxError(text);
  if (found === undefined) return new IacParseError(file, undefined, `not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}`);
  return new IacParseError(file, found.position, `not valid JSON: ${found.message}`);
}
