import { visit } from 'jsonc-parser';
import type { SourcePosition } from './findings';
import type { IacPath } from './iac-values';

/** A key that appears twice in one object or mapping: the parsers keep the last, other readers may keep the first. */
export interface DuplicateKey {
  readonly key: string;
  /** The object or mapping that holds it. */
  readonly path: IacPath;
  readonly first: SourcePosition;
  readonly second: SourcePosition;
}

/**
 * The most duplicate keys of one file that are named one by one; the rest
 * are counted. A file of nothing but one key repeated would otherwise print
 * a warning a key.
 */
export const MAX_DUPLICATE_KEYS_NAMED = 20;

/** A node of the paths asked for: where its value is, once the pass has seen it. */
interface PathNode {
  readonly children: Map<string | number, PathNode>;
  position?: SourcePosition;
  /** A path asked for ends here. */
  wanted?: boolean;
}

/** Thrown from the pass's callbacks to end it early: jsonc-parser's `visit` has no other way to stop. */
const FOUND_ALL = Symbol('found all');

interface Frame {
  readonly node: PathNode | undefined;
  readonly isObject: boolean;
  /** Object: the key of the value being read, and each key's first offset (when duplicates are looked for). Array: the index of the next item. */
  key: string | undefined;
  index: number;
  readonly keys: Map<string, number> | undefined;
}

/**
 * Where the values of a JSON text are, and which keys it repeats, from one
 * pass of jsonc-parser's `visit` over the text (a scanner: no syntax tree is
 * kept, so a plan of a hundred megabytes costs no more memory than its
 * text). The values themselves come from `JSON.parse`, which is faster; this
 * pass runs once a file has been checked, for the positions its findings ask
 * for, and finds duplicate keys on the way (or, not asked to, stops once it
 * has the positions). Duplicate keys resolve to the last, as in `JSON.parse`.
 * The text must be valid JSON.
 */
export class JsonPositions {
  private readonly root: PathNode = { children: new Map() };
  /** Positions handed out before the pass, filled in by {@link settle}. */
  private readonly pending: Array<{ readonly path: IacPath; readonly position: { line: number; column: number } }> = [];
  private duplicates: { named: DuplicateKey[]; count: number } | undefined;
  /** What the last {@link settle} was asked, for a position asked for after it. */
  private lookForDuplicates = true;

  public constructor(private readonly text: string) {}

  /**
   * The 1-based line and column of the value at `path`, or of the deepest
   * value on it that exists. Until {@link settle} runs, the object returned is
   * filled in later: findings are printed only after it has.
   */
  public position(path: IacPath): SourcePosition {
    const position = { line: 1, column: 1 };
    this.pending.push({ path, position });
    let node = this.root;
    for (const step of path) {
      let child = node.children.get(step);
      if (child === undefined) {
        child = { children: new Map() };
        node.children.set(step, child);
      }
      node = child;
    }
    node.wanted = true;
    if (this.duplicates !== undefined) this.settle(this.lookForDuplicates);
    return position;
  }

  /**
   * Runs the pass (again, if positions were asked for since), fills in every
   * position handed out, and says which keys repeat. With
   * `lookForDuplicates` false (a Terraform plan: Terraform applies the binary
   * plan, never this JSON, so a repeated key cannot make the gate read other
   * values than those deployed), the pass ends as soon as every position asked
   * for is found, and no key is compared.
   */
  public settle(lookForDuplicates = true): { named: DuplicateKey[]; count: number } {
    this.lookForDuplicates = lookForDuplicates;
    if (this.duplicates === undefined || this.pending.length > 0) this.duplicates = this.pass(lookForDuplicates);
    for (const { path, position } of this.pending.splice(0)) Object.assign(position, this.deepest(path));
    return this.duplicates;
  }

  private deepest(path: IacPath): SourcePosition {
    let node = this.root;
    let found = node.position ?? { line: 1, column: 1 };
    for (const step of path) {
      const child = node.children.get(step);
      if (child?.position === undefined) break;
      node = child;
      found = child.position;
    }
    return found;
  }

  private pass(lookForDuplicates: boolean): { named: DuplicateKey[]; count: number } {
    const named: DuplicateKey[] = [];
    let count = 0;
    let missing = lookForDuplicates ? Number.POSITIVE_INFINITY : this.wantedNotFound();
    if (missing === 0) return { named, count };
    const stack: Frame[] = [];
    const lines = new LineStarts(this.text);
    // Where a value starts: the path node it is, if a path asked for goes through it.
    const valueStarts = (line: number, character: number): PathNode | undefined => {
      const parent = stack.at(-1);
      const node = parent === undefined ? this.root : parent.node?.children.get(parent.isObject ? (parent.key ?? '') : parent.index++);
      if (node === undefined) return undefined;
      if (node.wanted === true && node.position === undefined) missing -= 1;
      // Assigned every time: of a repeated key, the last value is the one JSON.parse keeps.
      node.position = { line: line + 1, column: character + 1 };
      return node;
    };
    try {
      visit(
        this.text,
        {
          onObjectBegin: (_offset, _length, line, character) => {
            stack.push({ node: valueStarts(line, character), isObject: true, key: undefined, index: 0, keys: lookForDuplicates ? new Map() : undefined });
            if (missing <= 0) throw FOUND_ALL;
          },
          onArrayBegin: (_offset, _length, line, character) => {
            stack.push({ node: valueStarts(line, character), isObject: false, key: undefined, index: 0, keys: undefined });
            if (missing <= 0) throw FOUND_ALL;
          },
          onObjectEnd: () => void stack.pop(),
          onArrayEnd: () => void stack.pop(),
          onLiteralValue: (_value, _offset, _length, line, character) => {
            valueStarts(line, character);
            if (missing <= 0) throw FOUND_ALL;
          },
          onObjectProperty: (key, offset, _length, _line, _character, pathSupplier) => {
            const frame = stack.at(-1);
            if (frame === undefined) return;
            frame.key = key;
            if (frame.keys === undefined) return;
            const first = frame.keys.get(key);
            if (first === undefined) {
              frame.keys.set(key, offset);
              return;
            }
            count += 1;
            if (named.length < MAX_DUPLICATE_KEYS_NAMED) named.push({ key, path: pathSupplier(), first: lines.position(first), second: lines.position(offset) });
          },
        },
        { disallowComments: true },
      );
    } catch (error) {
      if (error !== FOUND_ALL) throw error;
    }
    return { named, count };
  }

  /** How many paths asked for have no position yet. */
  private wantedNotFound(): number {
    let count = 0;
    const pending: PathNode[] = [this.root];
    for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
      if (node.wanted === true && node.position === undefined) count += 1;
      pending.push(...node.children.values());
    }
    return count;
  }
}

/** Offsets to 1-based lines and columns, the line starts found on the first question (only a duplicate key asks). */
class LineStarts {
  private starts: number[] | undefined;

  public constructor(private readonly text: string) {}

  public position(offset: number): SourcePosition {
    const starts = (this.starts ??= [0, ...[...this.text.matchAll(/\r\n?|\n/g)].map((match) => match.index + match[0].length)]);
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  }
}
