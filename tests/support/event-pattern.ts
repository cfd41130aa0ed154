/**
 * A small EventBridge event-pattern matcher, for the patterns the docs give
 * (docs/operations.md, "Ready-to-use rules") and nothing more: test tooling,
 * not part of the product.
 *
 * Modelled, from the EventBridge User Guide ("Amazon EventBridge event
 * patterns" and "Content filtering in Amazon EventBridge event patterns"):
 *
 * - A pattern is a JSON object; every field it names must be in the event
 *   ("the event must contain all the field names listed in the pattern"), and
 *   an object value is matched field by field against the event's object.
 * - A field's value is an array of what it may match, any one of them: a
 *   literal (string, number, boolean or null, compared exactly: "matching is
 *   exact … case-sensitive"), or a filter object: `{"numeric": [op, n, …]}`
 *   (`=`, `<`, `<=`, `>`, `>=`, up to two comparisons, all of which must
 *   hold), `{"prefix": "…"}`, `{"exists": true|false}`, `{"anything-but": …}`.
 * - An event field that is an array matches when any of its elements does.
 * - `"$or": [pattern, …]` at any level: any one of the sub-patterns.
 *
 * Anything else (suffix, wildcard, equals-ignore-case, cidr…) throws: a
 * pattern the matcher does not understand must never pass a test.
 */

/** A JSON value, as events and patterns hold them. */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

/** Whether `event` (as EventBridge delivers it: `source`, `detail-type`, `detail`…) matches `pattern`. */
export function matchesPattern(pattern: Json, event: Json): boolean {
  if (!isObject(pattern)) throw new Error(`an event pattern is a JSON object, got ${JSON.stringify(pattern)}`);
  return matchesObject(pattern, event);
}

function matchesObject(pattern: { readonly [key: string]: Json }, event: Json | undefined): boolean {
  for (const [key, expected] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(expected) || expected.length < 2) throw new Error('"$or" takes an array of at least two patterns');
      if (!(expected as readonly Json[]).some((alternative) => isObject(alternative) && matchesObject(alternative, event))) return false;
      continue;
    }
    const actual = isObject(event) ? event[key] : undefined;
    if (isObject(expected)) {
      if (!matchesObject(expected, actual)) return false;
    } else if (Array.isArray(expected)) {
      if (!matchesField(expected as readonly Json[], actual)) return false;
    } else {
      throw new Error(`a pattern field's value is an array or an object, got ${JSON.stringify(expected)} for ${key}`);
    }
  }
  return true;
}

/** One field: any of `allowed`, against the value or any element of an array value. */
function matchesField(allowed: readonly Json[], actual: Json | undefined): boolean {
  const values: readonly (Json | undefined)[] = Array.isArray(actual) ? (actual as readonly Json[]) : [actual];
  return allowed.some((candidate) => {
    if (isObject(candidate)) return matchesFilter(candidate, actual, values);
    return values.some((value) => value !== undefined && JSON.stringify(value) === JSON.stringify(candidate));
  });
}

function matchesFilter(filter: { readonly [key: string]: Json }, actual: Json | undefined, values: readonly (Json | undefined)[]): boolean {
  const [name, argument, ...rest] = Object.entries(filter).flat();
  if (rest.length > 0 || typeof name !== 'string') throw new Error(`a filter has one key, got ${JSON.stringify(filter)}`);
  switch (name) {
    case 'exists':
      return argument === (actual !== undefined);
    case 'prefix':
      if (typeof argument !== 'string') throw new Error('"prefix" takes a string');
      return values.some((value) => typeof value === 'string' && value.startsWith(argument));
    case 'numeric':
      return values.some((value) => typeof value === 'number' && numericHolds(argument as Json, value));
    case 'anything-but': {
      const excluded = Array.isArray(argument) ? (argument as readonly Json[]) : [argument as Json];
      if (excluded.some(isObject)) throw new Error('"anything-but" with a filter inside is not modelled');
      return actual !== undefined && values.every((value) => !excluded.some((item) => JSON.stringify(item) === JSON.stringify(value)));
    }
    default:
      throw new Error(`the filter ${name} is not modelled by tests/support/event-pattern.ts`);
  }
}

const COMPARISONS: Readonly<Record<string, (left: number, right: number) => boolean>> = {
  '=': (left, right) => left === right,
  '<': (left, right) => left < right,
  '<=': (left, right) => left <= right,
  '>': (left, right) => left > right,
  '>=': (left, right) => left >= right,
};

function numericHolds(comparisons: Json, value: number): boolean {
  if (!Array.isArray(comparisons) || comparisons.length === 0 || comparisons.length % 2 !== 0 || comparisons.length > 4) {
    throw new Error(`"numeric" takes one or two [operator, number] pairs, got ${JSON.stringify(comparisons)}`);
  }
  for (let index = 0; index < comparisons.length; index += 2) {
    const operator = comparisons[index];
    const operand = comparisons[index + 1];
    const compare = typeof operator === 'string' ? COMPARISONS[operator] : undefined;
    if (compare === undefined || typeof operand !== 'number') throw new Error(`"numeric" cannot read ${JSON.stringify(comparisons)}`);
    if (!compare(value, operand)) return false;
  }
  return true;
}

function isObject(value: Json | undefined): value is { readonly [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
