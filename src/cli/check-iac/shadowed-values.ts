import type { ShadowedValue } from './duplicate-keys';
import type { SourcePosition } from './findings';
import type { IacDocument } from './iac-document';
import { NO_DUPLICATE_KEYS } from './duplicate-keys';
import { isRecord, type IacPath } from './iac-values';

/** A copy of a document with the value a repeated key hid put back in place, or why it could not be. */
export type ShadowedVariant = { readonly document: IacDocument } | { readonly unplaced: ShadowedValue };

/**
 * For each value a repeated key hides that differs from the value kept, a
 * copy of the document with that value in place (and the positions under
 * the key pointing at it), so the gate checks it as it checks the rest: the
 * parsers keep the last value, but another reader (a YAML 1.1 loader, a
 * packaging tool, a person reviewing the first) may take the first, and the
 * gate must not pass a template whose other reading holds an expired
 * certificate. A hidden value whose object cannot be found in the document
 * (inside another hidden value) is returned as `unplaced`: the caller fails
 * closed on it.
 */
export function shadowedVariants(document: IacDocument): ShadowedVariant[] {
  return document.duplicateKeys().shadowed.flatMap((hidden): ShadowedVariant[] => {
    const holder = valueAt(document.root, hidden.path);
    if (!isRecord(holder)) return [{ unplaced: hidden }];
    if (sameValue(holder[hidden.key], hidden.value)) return [];
    const keyPath = [...hidden.path, hidden.key];
    const position = (path: IacPath): SourcePosition => (startsWith(path, keyPath) ? hidden.position : document.position(path));
    return [{ document: { ...document, root: replaced(document.root, hidden.path, hidden.key, hidden.value), position, duplicateKeys: () => NO_DUPLICATE_KEYS } }];
  });
}

function valueAt(root: unknown, path: IacPath): unknown {
  let current = root;
  for (const step of path) {
    if (Array.isArray(current) && typeof step === 'number') current = current[step] as unknown;
    else if (isRecord(current) && Object.hasOwn(current, String(step))) current = current[String(step)];
    else return undefined;
  }
  return current;
}

/** `root` with `key` of the object at `path` set to `value`: the objects and arrays on the path copied, the rest shared. */
function replaced(root: unknown, path: IacPath, key: string, value: unknown): unknown {
  const [step, ...rest] = path;
  if (Array.isArray(root)) return root.map((item: unknown, index) => (index === step ? replaced(item, rest, key, value) : item));
  const copy = copyOf(root);
  const name = step === undefined ? key : String(step);
  Object.defineProperty(copy, name, { value: step === undefined ? value : replaced(copy[name], rest, key, value), enumerable: true, writable: true, configurable: true });
  return copy;
}

/** A shallow copy with the same prototype and own keys (YAML mappings are null-prototype objects; a `__proto__` key stays a key). */
function copyOf(value: unknown): Record<string, unknown> {
  const source = value as object;
  return Object.create(Object.getPrototypeOf(source) as object | null, Object.getOwnPropertyDescriptors(source)) as Record<string, unknown>;
}

function startsWith(path: IacPath, prefix: IacPath): boolean {
  return prefix.length <= path.length && prefix.every((step, index) => String(path[index]) === String(step));
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
