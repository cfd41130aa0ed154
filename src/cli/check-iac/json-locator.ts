import type { IacPath } from './iac-values';

/**
 * Everything up to the next bracket outside a string: a scan over a nested
 * value stops only at brackets, and the regex engine (not a JavaScript loop)
 * steps over the strings and scalars between them. Strings are in the
 * "unrolled loop" form, whose character-class loops do not grow the regex
 * backtracking stack however long a string is; millions of strings (or of
 * escapes in one) between two brackets still overflow it, and then
 * {@link STRUCTURAL} takes over.
 */
const UP_TO_BRACKET = /[^"{}[\]]*(?:"[^"\\]*(?:\\[\s\S][^"\\]*)*"[^"{}[\]]*)*/y;
/** A quote or a bracket: the slow scan's tokens, one JavaScript step each. */
const STRUCTURAL = /["{}[\]]/g;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * Finds where a value of a JSON text is, by its path, without keeping a
 * syntax tree: the fast path parses with `JSON.parse` and asks this only for
 * the few values a finding points at. Each container on a path is scanned
 * once, its children's offsets kept, so asking about many findings in one
 * large array stays linear in the text. The text must be valid JSON (it has
 * already parsed). Duplicate keys resolve to the last, as in `JSON.parse`.
 */
export class JsonLocator {
  private readonly children = new Map<number, Map<string, number> | number[]>();
  private readonly root: number;

  public constructor(private readonly text: string) {
    this.root = this.skipWhitespace(0);
  }

  /** The offset of the value at `path`, or of the deepest value on it that exists. */
  public offset(path: IacPath): number {
    let offset = this.root;
    for (const step of path) {
      const children = this.childrenOf(offset);
      const next = children instanceof Map ? (typeof step === 'string' ? children.get(step) : undefined) : typeof step === 'number' ? children?.[step] : undefined;
      if (next === undefined) break;
      offset = next;
    }
    return offset;
  }

  private childrenOf(offset: number): Map<string, number> | number[] | undefined {
    const opener = this.text.charCodeAt(offset);
    if (opener !== 0x7b && opener !== 0x5b) return undefined;
    let children = this.children.get(offset);
    if (children === undefined) {
      children = opener === 0x7b ? this.scanObject(offset) : this.scanArray(offset);
      this.children.set(offset, children);
    }
    return children;
  }

  private scanObject(offset: number): Map<string, number> {
    const keys = new Map<string, number>();
    let at = this.skipWhitespace(offset + 1);
    while (this.text.charCodeAt(at) === 0x22) {
      const keyEnd = this.stringEnd(at);
      const raw = this.text.slice(at + 1, keyEnd - 1);
      const key = raw.includes('\\') ? (JSON.parse(this.text.slice(at, keyEnd)) as string) : raw;
      const value = this.skipWhitespace(this.skipWhitespace(keyEnd) + 1); // past the ':'
      keys.set(key, value);
      at = this.skipWhitespace(this.valueEnd(value));
      if (this.text.charCodeAt(at) !== 0x2c) break; // '}'
      at = this.skipWhitespace(at + 1);
    }
    return keys;
  }

  private scanArray(offset: number): number[] {
    const items: number[] = [];
    let at = this.skipWhitespace(offset + 1);
    if (this.text.charCodeAt(at) === 0x5d) return items;
    for (;;) {
      items.push(at);
      at = this.skipWhitespace(this.valueEnd(at));
      if (this.text.charCodeAt(at) !== 0x2c) return items; // ']'
      at = this.skipWhitespace(at + 1);
    }
  }

  /** The offset just past the value starting at `offset`. */
  private valueEnd(offset: number): number {
    const first = this.text.charCodeAt(offset);
    if (first === 0x22) return this.stringEnd(offset);
    if (first !== 0x7b && first !== 0x5b) {
      let at = offset;
      while (at < this.text.length && !isValueEnd(this.text.charCodeAt(at))) at += 1;
      return at;
    }
    try {
      return this.containerEnd(offset);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return this.containerEndSlowly(offset);
    }
  }

  /** The offset past the container at `offset`, the regex engine stepping between brackets. */
  private containerEnd(offset: number): number {
    let depth = 0;
    let at = offset;
    while (at < this.text.length) {
      depth += this.text.charCodeAt(at) === 0x7b || this.text.charCodeAt(at) === 0x5b ? 1 : -1;
      if (depth === 0) return at + 1;
      UP_TO_BRACKET.lastIndex = at + 1;
      UP_TO_BRACKET.test(this.text);
      at = UP_TO_BRACKET.lastIndex;
    }
    return this.text.length;
  }

  /** The same, a quote or bracket at a time: slower, but with no regex stack to overflow. */
  private containerEndSlowly(offset: number): number {
    let depth = 0;
    STRUCTURAL.lastIndex = offset;
    for (let match = STRUCTURAL.exec(this.text); match !== null; match = STRUCTURAL.exec(this.text)) {
      const at = match.index;
      const code = this.text.charCodeAt(at);
      if (code === 0x22) {
        STRUCTURAL.lastIndex = this.stringEnd(at);
        continue;
      }
      depth += code === 0x7b || code === 0x5b ? 1 : -1;
      if (depth === 0) return at + 1;
    }
    return this.text.length;
  }

  /** The offset just past the string whose opening quote is at `offset`. */
  private stringEnd(offset: number): number {
    let quote = this.text.indexOf('"', offset + 1);
    while (quote !== -1) {
      let backslashes = 0;
      while (this.text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes += 1;
      if (backslashes % 2 === 0) return quote + 1;
      quote = this.text.indexOf('"', quote + 1);
    }
    return this.text.length;
  }

  private skipWhitespace(offset: number): number {
    let at = offset;
    while (WHITESPACE.has(this.text.charCodeAt(at))) at += 1;
    return at;
  }
}

function isValueEnd(code: number): boolean {
  return code === 0x2c || code === 0x7d || code === 0x5d || WHITESPACE.has(code);
}
