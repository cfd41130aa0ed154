import { visit } from 'jsonc-parser';
import type { SourcePosition } from './findings';
import type { IacPath } from './iac-values';
import type { LineIndex } from './line-index';

/** A key that appears twice in one object or mapping: the parsers keep the last, other readers may keep the first. */
export interface DuplicateKey {
  readonly key: string;
  /** The object or mapping that holds it. */
  readonly path: IacPath;
  readonly first: SourcePosition;
  readonly second: SourcePosition;
}

/** A value a repeated key hides: the parsers keep the later one, so the gate checks this one apart. */
export interface ShadowedValue {
  /** The object or mapping that holds the key. */
  readonly path: IacPath;
  readonly key: string;
  /** Where the key that sets the hidden value is. */
  readonly position: SourcePosition;
  readonly value: unknown;
}

/**
 * The keys a file repeats: the first {@link MAX_DUPLICATE_KEYS_NAMED} named,
 * and how many in all; the values they hide, the first
 * {@link MAX_SHADOWED_VALUES} of them, and how many more were not kept.
 */
export interface DuplicateKeys {
  readonly named: readonly DuplicateKey[];
  readonly count: number;
  readonly shadowed: readonly ShadowedValue[];
  readonly unjudged: number;
}

/**
 * The most duplicate keys of one file that are named one by one; the rest
 * are counted. A file of nothing but one key repeated would otherwise print
 * a warning a key.
 */
export const MAX_DUPLICATE_KEYS_NAMED = 20;

/**
 * The most values hidden by repeated keys that the gate checks, each in a
 * copy of the template with that value in place (the gate's own limit: each
 * costs one more check of the template). A value hidden beyond it is not
 * judged, and that is an error, never a pass.
 */
export const MAX_SHADOWED_VALUES = 100;

/** No repeated key. */
export const NO_DUPLICATE_KEYS: DuplicateKeys = { named: [], count: 0, shadowed: [], unjudged: 0 };

/** Collects the repeated keys of one document as a parser finds them. */
export class DuplicateKeyCollector {
  private readonly named: DuplicateKey[] = [];
  private readonly shadowed: ShadowedValue[] = [];
  private count = 0;
  private unjudged = 0;

  /** A key set again: `hidden()` gives the value it hides, asked only while it is kept. */
  public add(duplicate: DuplicateKey, hidden: { readonly position: SourcePosition; readonly value: () => unknown }): void {
    this.count += 1;
    if (this.named.length < MAX_DUPLICATE_KEYS_NAMED) this.named.push(duplicate);
    if (this.shadowed.length < MAX_SHADOWED_VALUES) this.shadowed.push({ path: duplicate.path, key: duplicate.key, position: hidden.position, value: hidden.value() });
    else this.unjudged += 1;
  }

  public result(): DuplicateKeys {
    return { named: this.named, count: this.count, shadowed: this.shadowed, unjudged: this.unjudged };
  }
}

/**
 * The keys a JSON text sets twice in one object, each with the places of
 * both, from one pass of jsonc-parser's `visit` over the text (a scanner: no
 * syntax tree is kept). `JSON.parse` keeps the last of them silently. The
 * pass reads every token, so it costs about what `JSON.parse` does; the gate
 * runs it on templates, not on Terraform plans (see check-files.ts).
 */
export function findDuplicateKeys(text: string, lines: LineIndex): DuplicateKeys {
  const found = new DuplicateKeyCollector();
  // One map of key → where it was set for each object open (arrays have none), and the property whose value it is.
  const open: Array<{ readonly keys: Map<string, KeySet> | undefined; readonly owner: KeySet | undefined }> = [];
  // The property whose value comes next.
  let pending: KeySet | undefined;
  const begin = (keys: Map<string, KeySet> | undefined, offset: number): void => {
    if (pending !== undefined) pending.start = offset;
    open.push({ keys, owner: pending });
    pending = undefined;
  };
  const end = (offset: number, length: number): void => {
    const owner = open.pop()?.owner;
    if (owner !== undefined) owner.end = offset + length;
  };
  visit(
    text,
    {
      onObjectBegin: (offset) => begin(new Map(), offset),
      onArrayBegin: (offset) => begin(undefined, offset),
      onObjectEnd: end,
      onArrayEnd: end,
      onLiteralValue: (_value, offset, length) => {
        if (pending !== undefined) {
          pending.start = offset;
          pending.end = offset + length;
          pending = undefined;
        }
      },
      onObjectProperty: (key, offset, _length, _line, _character, pathSupplier) => {
        const keys = open.at(-1)?.keys;
        const before = keys?.get(key);
        const set: KeySet = { offset, first: before?.first ?? offset, start: -1, end: -1 };
        pending = set;
        keys?.set(key, set);
        if (before === undefined) return;
        // The value set before is whole by now: it ended before this key.
        found.add({ key, path: pathSupplier(), first: lines.position(set.first), second: lines.position(offset) }, { position: lines.position(before.offset), value: () => JSON.parse(text.slice(before.start, before.end)) as unknown });
      },
    },
    { disallowComments: true },
  );
  return found.result();
}

/** Where a key was set, and where its value starts and ends in the text. */
interface KeySet {
  readonly offset: number;
  /** Where the key was first set in this object. */
  readonly first: number;
  start: number;
  end: number;
}
