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

/** The keys a file repeats: the first {@link MAX_DUPLICATE_KEYS_NAMED} named, and how many in all. */
export interface DuplicateKeys {
  readonly named: readonly DuplicateKey[];
  readonly count: number;
}

/**
 * The most duplicate keys of one file that are named one by one; the rest
 * are counted. A file of nothing but one key repeated would otherwise print
 * a warning a key.
 */
export const MAX_DUPLICATE_KEYS_NAMED = 20;

/**
 * The keys a JSON text sets twice in one object, each with the places of
 * both, from one pass of jsonc-parser's `visit` over the text (a scanner: no
 * syntax tree is kept). `JSON.parse` keeps the last of them silently. The
 * pass reads every token, so it costs about what `JSON.parse` does; the gate
 * runs it on templates, not on Terraform plans (see check-files.ts).
 */
export function findDuplicateKeys(text: string, lines: LineIndex): DuplicateKeys {
  const named: DuplicateKey[] = [];
  let count = 0;
  // One map of key → offset for each object open; arrays push `undefined`.
  const open: Array<Map<string, number> | undefined> = [];
  visit(
    text,
    {
      onObjectBegin: () => void open.push(new Map()),
      onArrayBegin: () => void open.push(undefined),
      onObjectEnd: () => void open.pop(),
      onArrayEnd: () => void open.pop(),
      onObjectProperty: (key, offset, _length, _line, _character, pathSupplier) => {
        const keys = open.at(-1);
        if (keys === undefined) return;
        const first = keys.get(key);
        if (first === undefined) {
          keys.set(key, offset);
          return;
        }
        count += 1;
        if (named.length < MAX_DUPLICATE_KEYS_NAMED) named.push({ key, path: pathSupplier(), first: lines.position(first), second: lines.position(offset) });
      },
    },
    { disallowComments: true },
  );
  return { named, count };
}
