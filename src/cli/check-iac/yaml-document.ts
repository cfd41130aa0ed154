import { isAlias, isMap, isScalar, isSeq, LineCounter, Parser, parseDocument, type Alias, type CST, type Document, type Node, type YAMLMap } from 'yaml';
import type { SourcePosition } from './findings';
import { MAX_YAML_NESTING, MAX_YAML_VALUES } from './iac-limits';
import type { IacPath } from './iac-values';
import { DuplicateKeyCollector, type DuplicateKeys } from './duplicate-keys';
import { IacParseError } from './read-iac-file';

/** A parsed YAML file: plain values, where each path's node is, and the keys a mapping repeats. */
export interface YamlValues {
  readonly root: unknown;
  readonly position: (path: IacPath) => SourcePosition;
  readonly duplicates: DuplicateKeys;
}

/** A path as the converter walks it: each step points at its parent, so a path is built only for a duplicate key. */
interface PathLink {
  readonly parent: PathLink | undefined;
  readonly step: string | number;
}

function pathOf(link: PathLink | undefined): IacPath {
  const steps: Array<string | number> = [];
  for (let at = link; at !== undefined; at = at.parent) steps.push(at.step);
  return steps.reverse();
}

/** Why a file nested deeper than the parser's stack allows is not checked. */
const TOO_DEEP = 'the YAML is nested too deeply to read';
/** Why a file nested deeper than MAX_YAML_NESTING is not checked. */
const NESTED_TOO_DEEP = `the YAML is nested more than ${MAX_YAML_NESTING} levels deep (MAX_YAML_NESTING)`;

/**
 * Parses one YAML document into plain values the way CloudFormation reads
 * it: a short-form tag is its long form (`!Ref X` → `{ Ref: X }`, `!GetAtt
 * A.B` → `{ "Fn::GetAtt": ["A", "B"] }`, `!Sub s` → `{ "Fn::Sub": s }`; AWS
 * CloudFormation User Guide, "Intrinsic function reference"), an alias is
 * the value of its anchor, and a merge key (`<<: *base`, or `<<: [*a, *b]`)
 * adds the keys of the mappings it names that the mapping does not set itself,
 * the earlier mapping first (YAML 1.1 "Merge Key Language-Independent Type").
 * CloudFormation itself refuses aliases and merge keys ("template formats"),
 * but `aws cloudformation package` and SAM read templates with a YAML 1.1
 * loader that expands both, so the gate checks the value they would deploy
 * rather than call it unknown. A key a mapping sets twice is named in
 * `duplicates` (the value kept is the last).
 */
export function parseYamlValues(file: string, text: string): YamlValues {
  const tooDeep = tooDeeplyNested(text);
  if (tooDeep !== undefined) throw new IacParseError(file, tooDeep, NESTED_TOO_DEEP, true);
  const lineCounter = new LineCounter();
  let document: Document.Parsed;
  try {
    document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  } catch (error) {
    // Out of stack all the same (the caller's stack was deep already): a limit of the gate's, not a broken file, so it fails closed.
    if (error instanceof RangeError) throw new IacParseError(file, undefined, TOO_DEEP, true);
    throw error;
  }
  const positionOf = (offset: number): SourcePosition => {
    const where = lineCounter.linePos(offset);
    return { line: where.line, column: where.col };
  };
  const [error] = document.errors;
  if (error !== undefined) {
    // The composer reports running out of stack as RESOURCE_EXHAUSTION rather than throw it.
    if (error.code === 'RESOURCE_EXHAUSTION') throw new IacParseError(file, positionOf(error.pos[0]), TOO_DEEP, true);
    const message =
      error.code === 'MULTIPLE_DOCS'
        ? 'several YAML documents in one file (the second starts here): a CloudFormation template is one document'
        : (error.message.split('\n')[0] ?? error.message);
    throw new IacParseError(file, positionOf(error.pos[0]), message);
  }
  const converter = new YamlConverter(file, document, positionOf);
  const root = converter.convert(document.contents, 0, undefined);
  return {
    root,
    position: (path) => positionOf(nodeAt(document, path)?.range?.[0] ?? document.contents?.range?.[0] ?? 0),
    duplicates: converter.duplicates.result(),
  };
}

/**
 * Where the first collection nested more than {@link MAX_YAML_NESTING} deep
 * starts, or `undefined`: read from the library's concrete syntax tree, which
 * its parser builds with a stack of its own, before the composer, which
 * recurses, sees the file. The second pass of the parser is the price of
 * never running the composer out of stack (docs/performance.md, "check-iac").
 */
function tooDeeplyNested(text: string): SourcePosition | undefined {
  const lines = new LineCounter();
  const pending: Array<{ token: CST.Token | null | undefined; depth: number }> = [];
  for (const token of new Parser(lines.addNewLine).parse(text)) pending.push({ token, depth: 0 });
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { token, depth } = item;
    if (token?.type === 'document') {
      pending.push({ token: token.value, depth });
    } else if (token?.type === 'block-map' || token?.type === 'block-seq' || token?.type === 'flow-collection') {
      if (depth + 1 > MAX_YAML_NESTING) {
        const where = lines.linePos(token.offset);
        return { line: where.line, column: where.col };
      }
      for (const entry of token.items) pending.push({ token: entry.key, depth: depth + 1 }, { token: entry.value, depth: depth + 1 });
    }
  }
  return undefined;
}

/** CloudFormation's short-form tags whose long form is not `Fn::<name>`. */
const LONG_FORM: Readonly<Record<string, string>> = { Ref: 'Ref', Condition: 'Condition' };

/** Whether a mapping key is the merge key `<<`: plain (a quoted `"<<"` is an ordinary key) and untagged. */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.value === '<<' && key.type === 'PLAIN' && key.tag === undefined;
}

class YamlConverter {
  public readonly duplicates = new DuplicateKeyCollector();
  private values = 0;
  /** The collections being converted, to tell an alias that refers to one of them (a loop). */
  private readonly ancestors = new Set<Node>();
  /** Each alias's target: `Alias.resolve` searches the whole document every time it is called. */
  private readonly targets = new Map<Node, Node | undefined>();
  /** Mappings whose keys have been compared: one an alias repeats is named once. */
  private readonly compared = new Set<Node>();

  public constructor(
    private readonly file: string,
    private readonly document: Document.Parsed,
    private readonly positionOf: (offset: number) => SourcePosition,
  ) {}

  public convert(node: unknown, depth: number, path: PathLink | undefined): unknown {
    if (node === null || node === undefined) return null;
    const where = (): SourcePosition | undefined => this.where(node);
    this.values += 1;
    // The gate's own limits: it cannot tell what such a file is, so it fails closed.
    if (this.values > MAX_YAML_VALUES) throw new IacParseError(this.file, where(), `the YAML aliases expand to more than ${MAX_YAML_VALUES.toLocaleString('en-US')} values (MAX_YAML_VALUES)`, true);
    if (depth > MAX_YAML_NESTING) throw new IacParseError(this.file, where(), NESTED_TOO_DEEP, true);
    if (isAlias(node)) return this.convert(this.target(node), depth + 1, path);
    let value: unknown;
    if (isScalar(node)) {
      value = typeof node.value === 'bigint' ? Number(node.value) : node.value;
    } else if (isSeq(node) || isMap(node)) {
      this.ancestors.add(node);
      value = isSeq(node) ? node.items.map((item, index) => this.convert(item, depth + 1, { parent: path, step: index })) : this.convertMap(node, depth, path);
      this.ancestors.delete(node);
    } else {
      return null;
    }
    return longForm((node as Node).tag, value);
  }

  private where(node: unknown): SourcePosition | undefined {
    const offset = (node as Node | null)?.range?.[0];
    return offset === undefined ? undefined : this.positionOf(offset);
  }

  private target(alias: Alias): Node {
    if (!this.targets.has(alias)) this.targets.set(alias, alias.resolve(this.document));
    const target = this.targets.get(alias);
    if (target === undefined) throw new IacParseError(this.file, this.where(alias), `the alias *${alias.source} refers to no anchor &${alias.source} before it`);
    if (this.ancestors.has(target)) throw new IacParseError(this.file, this.where(alias), `the alias *${alias.source} refers to a collection that contains it: the value would never end`);
    return target;
  }

  private convertMap(node: YAMLMap, depth: number, path: PathLink | undefined): Record<string, unknown> {
    // A null-prototype object: a key such as `__proto__` stays an ordinary key.
    const object = Object.create(null) as Record<string, unknown>;
    const firstKeys = new Map<string, unknown>();
    const lastKeys = new Map<string, unknown>();
    const merges: unknown[] = [];
    const compare = !this.compared.has(node);
    this.compared.add(node);
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) {
        merges.push(pair.value);
        continue;
      }
      const key = isAlias(pair.key) ? this.target(pair.key) : pair.key;
      if (!isScalar(key)) continue; // a complex key (`? [a, b]`) names nothing CloudFormation reads
      const name = String(key.value);
      const first = firstKeys.get(name);
      if (first === undefined) firstKeys.set(name, pair.key);
      else if (compare) this.duplicate(name, path, first, pair.key, { key: lastKeys.get(name), value: object[name] });
      lastKeys.set(name, pair.key);
      object[name] = this.convert(pair.value, depth + 1, { parent: path, step: name });
    }
    for (const merged of merges) this.merge(object, merged, depth, path);
    return object;
  }

  /** Adds the keys of the mapping(s) a merge key names that `object` does not have yet: its own keys, then earlier mappings, win. */
  private merge(object: Record<string, unknown>, value: unknown, depth: number, path: PathLink | undefined): void {
    const source = isAlias(value) ? this.target(value) : value;
    const sources = isSeq(source) ? source.items.map((item) => (isAlias(item) ? this.target(item) : item)) : [source];
    for (const mapping of sources) {
      if (!isMap(mapping)) throw new IacParseError(this.file, this.where(mapping ?? value), 'the merge key << takes a mapping, or a list of mappings, to merge');
      const converted = this.convert(mapping, depth + 1, path) as Record<string, unknown>;
      for (const [key, item] of Object.entries(converted)) if (!Object.hasOwn(object, key)) object[key] = item;
    }
  }

  /** A key set again: named, and the value it hides (`before`, set last at `before.key`) kept to be checked too. */
  private duplicate(key: string, path: PathLink | undefined, first: unknown, second: unknown, before: { readonly key: unknown; readonly value: unknown }): void {
    const steps = pathOf(path);
    const at = (node: unknown): SourcePosition => this.where(node) ?? { line: 1, column: 1 };
    this.duplicates.add({ key, path: steps, first: at(first), second: at(second) }, { position: at(before.key), value: () => before.value });
  }
}

/** A value under a CloudFormation short-form tag as its long form; other values as they are. */
function longForm(tag: string | undefined, value: unknown): unknown {
  if (tag === undefined || !tag.startsWith('!') || tag.startsWith('!!')) return value;
  const name = tag.slice(1);
  const key = LONG_FORM[name] ?? `Fn::${name}`;
  // `!GetAtt Resource.Attribute`: the short form splits at the first dot.
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { [key]: dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [key]: value };
}

/** The node at a path of keys and indexes (through aliases), or the deepest one on it. */
function nodeAt(document: Document.Parsed, path: IacPath): Node | undefined {
  let current: Node | undefined = (document.contents ?? undefined) as Node | undefined;
  for (const step of path) {
    const container: unknown = isAlias(current) ? current.resolve(document) : current;
    let next: unknown;
    if (isMap(container) && typeof step === 'string') {
      next = mapValue(document, container, step, 0);
    } else if (isSeq(container) && typeof step === 'number') {
      next = container.items[step];
    }
    if (next === null || next === undefined || typeof next !== 'object') break;
    current = next as Node;
  }
  return current;
}

/** The value node of `key` in a mapping: its own last pair with the key, else the first mapping its merge keys name that has it. */
function mapValue(document: Document.Parsed, map: YAMLMap, key: string, depth: number): unknown {
  let found: unknown;
  const merges: unknown[] = [];
  for (const pair of map.items) {
    if (isMergeKey(pair.key)) merges.push(pair.value);
    else if (isScalar(pair.key) && String(pair.key.value) === key) found = pair.value;
  }
  if (found !== undefined || depth > MAX_YAML_NESTING) return found;
  for (const merged of merges) {
    const source = isAlias(merged) ? merged.resolve(document) : merged;
    for (const item of isSeq(source) ? source.items : [source]) {
      const mapping = isAlias(item) ? item.resolve(document) : item;
      const value = isMap(mapping) ? mapValue(document, mapping, key, depth + 1) : undefined;
      if (value !== undefined) return value;
    }
  }
  return undefined;
}
