import { isAlias, isMap, isScalar, isSeq, LineCounter, Parser, parseDocument, type CST, type Document, type Node } from 'yaml';
import type { SourcePosition } from './findings';
import { MAX_YAML_NESTING, MAX_YAML_VALUES } from './iac-limits';
import type { IacPath } from './iac-values';
import { IacParseError } from './read-iac-file';

/** A parsed YAML file: plain values, and where each path's node is. */
export interface YamlValues {
  readonly root: unknown;
  readonly position: (path: IacPath) => SourcePosition;
}

/** Why a file nested deeper than the parser's stack allows is not checked. */
const TOO_DEEP = 'the YAML is nested too deeply to read';
/** Why a file nested deeper than MAX_YAML_NESTING is not checked. */
const NESTED_TOO_DEEP = `the YAML is nested more than ${MAX_YAML_NESTING} levels deep (MAX_YAML_NESTING)`;

/**
 * Parses one YAML document into plain values the way CloudFormation reads
 * it: a short-form tag is its long form (`!Ref X` → `{ Ref: X }`, `!GetAtt
 * A.B` → `{ "Fn::GetAtt": ["A", "B"] }`, `!Sub s` → `{ "Fn::Sub": s }`; AWS
 * CloudFormation User Guide, "Intrinsic function reference"), and an alias is
 * the value of its anchor. CloudFormation itself refuses aliases ("template
 * formats": no aliases, no hash merges), but packaging steps expand them, so
 * the gate checks the value a reader would get rather than call it unknown.
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
  const root = new YamlConverter(file, document, positionOf).convert(document.contents, 0);
  return {
    root,
    position: (path) => positionOf(nodeAt(document, path)?.range?.[0] ?? document.contents?.range?.[0] ?? 0),
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

class YamlConverter {
  private values = 0;
  /** The collections being converted, to tell an alias that refers to one of them (a loop). */
  private readonly ancestors = new Set<Node>();
  /** Each alias's target: `Alias.resolve` searches the whole document every time it is called. */
  private readonly targets = new Map<Node, Node | undefined>();

  public constructor(
    private readonly file: string,
    private readonly document: Document.Parsed,
    private readonly positionOf: (offset: number) => SourcePosition,
  ) {}

  public convert(node: unknown, depth: number): unknown {
    if (node === null || node === undefined) return null;
    const where = (): SourcePosition | undefined => {
      const offset = (node as Node).range?.[0];
      return offset === undefined ? undefined : this.positionOf(offset);
    };
    this.values += 1;
    // The gate's own limits: it cannot tell what such a file is, so it fails closed.
    if (this.values > MAX_YAML_VALUES) throw new IacParseError(this.file, where(), `the YAML aliases expand to more than ${MAX_YAML_VALUES.toLocaleString('en-US')} values (MAX_YAML_VALUES)`, true);
    if (depth > MAX_YAML_NESTING) throw new IacParseError(this.file, where(), NESTED_TOO_DEEP, true);
    if (isAlias(node)) {
      if (!this.targets.has(node)) this.targets.set(node, node.resolve(this.document));
      const target = this.targets.get(node);
      if (target === undefined) throw new IacParseError(this.file, where(), `the alias *${node.source} refers to no anchor &${node.source} before it`);
      if (this.ancestors.has(target)) throw new IacParseError(this.file, where(), `the alias *${node.source} refers to a collection that contains it: the value would never end`);
      return this.convert(target, depth + 1);
    }
    let value: unknown;
    if (isScalar(node)) {
      value = typeof node.value === 'bigint' ? Number(node.value) : node.value;
    } else if (isSeq(node) || isMap(node)) {
      this.ancestors.add(node);
      if (isSeq(node)) {
        value = node.items.map((item) => this.convert(item, depth + 1));
      } else {
        // A null-prototype object: a key such as `__proto__` stays an ordinary key.
        const object = Object.create(null) as Record<string, unknown>;
        for (const pair of node.items) {
          const key = isAlias(pair.key) ? pair.key.resolve(this.document) : pair.key;
          if (!isScalar(key)) continue; // a complex key (`? [a, b]`) names nothing CloudFormation reads
          object[String(key.value)] = this.convert(pair.value, depth + 1);
        }
        value = object;
      }
      this.ancestors.delete(node);
    } else {
      return null;
    }
    return longForm((node as Node).tag, value);
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
      // The last pair with the key wins, as in the converted values.
      for (const pair of container.items) if (isScalar(pair.key) && String(pair.key.value) === step) next = pair.value;
    } else if (isSeq(container) && typeof step === 'number') {
      next = container.items[step];
    }
    if (next === null || next === undefined || typeof next !== 'object') break;
    current = next as Node;
  }
  return current;
}
