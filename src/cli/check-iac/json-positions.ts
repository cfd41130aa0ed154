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
}

interface Frame {
  readonly node: PathNode | undefined;
  /** Object: the key of the value being read, and each key's first place. Array: the index of the next item. */
  key: string | undefined;
  index: number;
  readonly keys: Map<string, SourcePosition> | undefined;
}

/**
 * Where the values of a JSON text are, and which keys it repeats, from one
 * pass of jsonc-parser's `visit` over the text (a scanner: no syntax tree is
 * kept, so a plan of a hundred megabytes costs no more memory than its
 * text). The values themselves come from `JSON.parse`, which is faster; this
 * pass runs once a file has been checked, for the positions its findings ask
 * for, and finds duplicate keys on the way. Duplicate keys resolve to the
 * last, as in `JSON.parse`. The text must be valid JSON.
 */
export class JsonPositions {
  private readonly root: PathNode = { children: new Map() };
  /** Positions handed out before the pass, filled in by {@link settle}. */
  private readonly pending: Array<{ readonly path: IacPath; readonly position: { line: number; column: number } }> = [];
  private duplicates: { named: DuplicateKey[]; count: number } | undefined;

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
    if (this.duplicates !== undefined) this.settle();
    return position;
  }

  /** Runs the pass (again, if positions were asked for since), fills in every position handed out, and says which keys repeat. */
  public settle(): { named: DuplicateKey[]; count: number } {
    if (this.duplicates === undefined || this.pending.length > 0) this.duplicates = this.pass();
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

  private pass(): { named: DuplicateKey[]; count: number } {
    const named: DuplicateKey[] = [];
    let count = 0;
    const stack: Frame[] = [];
    const valueStarts = (line: number, character: number): PathNode | undefined => {
      const parent = stack.at(-1);
      const step = parent === undefined ? undefined : parent.keys === undefined ? parent.index++ : parent.key;
      const node = parent === undefined ? this.root : step === undefined ? undefined : parent.node?.children.get(step);
      // Assigned every time: of a repeated key, the last value is the one JSON.parse keeps.
      if (node !== undefined) node.position = { line: line + 1, column: character + 1 };
      return node;
    };
    visit(
      this.text,
      {
        onObjectBegin: (_offset, _length, line, character) => {
          stack.push({ node: valueStarts(line, character), key: undefined, index: 0, keys: new Map() });
        },
        onArrayBegin: (_offset, _length, line, character) => {
          stack.push({ node: valueStarts(line, character), key: undefined, index: 0, keys: undefined });
        },
        onObjectEnd: () => void stack.pop(),
        onArrayEnd: () => void stack.pop(),
        onLiteralValue: (_value, _offset, _length, line, character) => void valueStarts(line, character),
        onObjectProperty: (key, _offset, _length, line, character, pathSupplier) => {
          const frame = stack.at(-1);
          if (frame?.keys === undefined) return;
          frame.key = key;
          const place = { line: line + 1, column: character + 1 };
          const first = frame.keys.get(key);
          if (first === undefined) {
            frame.keys.set(key, place);
            return;
          }
          count += 1;
          if (named.length < MAX_DUPLICATE_KEYS_NAMED) named.push({ key, path: pathSupplier(), first, second: place });
        },
      },
      { disallowComments: true },
    );
    return { named, count };
  }
}
