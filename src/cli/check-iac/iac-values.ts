/**
 * Reading parsed JSON/YAML values, which are `unknown` until looked at: every
 * helper answers `undefined` or `[]` for a value of the wrong shape, so
 * arbitrary input never throws.
 */

/** Where a value is in a document: object keys and array indexes from the root. */
export type IacPath = ReadonlyArray<string | number>;

/** A JSON object (or YAML mapping): a plain object, not an array. */
export type IacRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is IacRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value under `key` of an object, if it is one and has it as its own. */
export function field(value: unknown, key: string): unknown {
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** The value at a path of keys. */
export function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = field(current, key);
  return current;
}

/** The items of an array; `null`/absent is none, and any other single value counts as one item. */
export function list(value: unknown): readonly unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The entries of an object, key → value. */
export function entriesOf(value: unknown): Array<[string, unknown]> {
  return isRecord(value) ? Object.entries(value) : [];
}

/** The value if it is a string. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
