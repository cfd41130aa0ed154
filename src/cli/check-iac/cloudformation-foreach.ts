import type { SourcePlace } from './findings';
import { MAX_TEMPLATE_VALUES } from './iac-limits';
import { entriesOf, field, isRecord, text } from './iac-values';
import type { Origin, Origins } from './template-view';

/** The prefix of a loop's key (AWS CloudFormation Template Reference, "Fn::ForEach"). */
const FOR_EACH = 'Fn::ForEach::';

/**
 * Stands for the item of a loop whose collection is known only at
 * deployment: a `Ref` to the loop's identifier becomes `{ [UNKNOWN_ITEM]: why }`,
 * which no certificate body or ARN is, so what depends on it stays unknown.
 */
export const UNKNOWN_ITEM = 'Fn::ForEach item';

/** A loop the gate could not expand: malformed, or past its limit. */
export interface ForEachProblem {
  readonly place: SourcePlace;
  readonly message: string;
}

class ExpansionLimit extends Error {}

/**
 * The template with its `Fn::ForEach` loops expanded, as the
 * `AWS::LanguageExtensions` transform expands them (AWS CloudFormation
 * Template Reference, "Fn::ForEach"): a key `Fn::ForEach::Name` whose value is
 * `[Identifier, Collection, {OutputKey: OutputValue}]`, in any mapping of the
 * template (sections and resource properties alike), is replaced by one copy
 * of the fragment a collection item. In each copy, `${Identifier}` in keys and
 * strings becomes the item, `&{Identifier}` the item with every character that
 * is not a letter or digit removed (for logical ids), and `{ Ref: Identifier }`
 * the item. Loops nest: an inner loop is expanded in each copy of the outer one.
 *
 * The collection is a list, or a `Ref` to a `CommaDelimitedList` parameter.
 * A parameter's value is given at deployment (a `Default` can be overridden),
 * so such a collection, and a list item that is an intrinsic function, is an
 * unknown item: the fragment is copied once with its keys and strings as they
 * are (`Cert${Id}`) and `{ Ref: Identifier }` as an {@link UNKNOWN_ITEM}. A body
 * that does not depend on the item is then judged as it is (it is the same for
 * every item); one that does is unknown, never passed.
 */
export function expandForEach(origin: Origin, value: unknown, origins: Origins): { root: unknown; problems: ForEachProblem[] } {
  const problems: ForEachProblem[] = [];
  let values = 0;
  const count = (): void => {
    values += 1;
    if (values > MAX_TEMPLATE_VALUES) throw new ExpansionLimit();
  };

  const substitute = (item: unknown, at: Origin, identifier: string, value: string | undefined, unknownWhy: string): unknown => {
    count();
    if (typeof item === 'string') return value === undefined ? item : replaced(item, identifier, value);
    if (Array.isArray(item)) return origins.record(item.map((child: unknown, index) => substitute(child, origins.of(child, at, index), identifier, value, unknownWhy)), at);
    if (!isRecord(item)) return item;
    if (Object.keys(item).length === 1 && text(field(item, 'Ref')) === identifier) return value ?? origins.record({ [UNKNOWN_ITEM]: unknownWhy }, at);
    const copy: Record<string, unknown> = {};
    for (const [key, child] of entriesOf(item)) copy[value === undefined ? key : replaced(key, identifier, value)] = substitute(child, origins.of(child, at, key), identifier, value, unknownWhy);
    return origins.record(copy, at);
  };

  const expand = (item: unknown, at: Origin): unknown => {
    if (Array.isArray(item)) {
      const items = item.map((child: unknown, index) => expand(child, origins.of(child, at, index)));
      return items.every((child, index) => child === item[index]) ? item : origins.record(items, at);
    }
    if (!isRecord(item)) return item;
    const entries: Array<[string, unknown]> = [];
    let changed = false;
    for (const [key, child] of entriesOf(item)) {
      const childOrigin = origins.of(child, at, key);
      if (!key.startsWith(FOR_EACH)) {
        const expanded = expand(child, childOrigin);
        changed ||= expanded !== child;
        entries.push([key, expanded]);
        continue;
      }
      changed = true;
      const loop = Array.isArray(child) ? (child as unknown[]) : [];
      const [identifier, collection, fragment] = loop;
      if (loop.length !== 3 || typeof identifier !== 'string' || identifier === '' || !isRecord(fragment)) {
        problems.push({ place: childOrigin.source.locate(childOrigin.path), message: `${key} is not [Identifier, Collection, {OutputKey: OutputValue}], so CloudFormation would refuse the template` });
        continue;
      }
      const fragmentOrigin = origins.of(fragment, childOrigin, 2);
      const { items, unknownWhy } = collectionItems(collection, key);
      for (const value of items) {
        const copy = substitute(fragment, fragmentOrigin, identifier, value, unknownWhy);
        entries.push(...entriesOf(expand(copy, fragmentOrigin)));
      }
    }
    return changed ? origins.record(Object.fromEntries(entries), at) : item;
  };

  try {
    return { root: expand(value, origin), problems };
  } catch (error) {
    if (!(error instanceof ExpansionLimit)) throw error;
    const message = `the Fn::ForEach loops expand to more than ${MAX_TEMPLATE_VALUES.toLocaleString('en-US')} values (MAX_TEMPLATE_VALUES)`;
    return { root: value, problems: [...problems, { place: origin.source.locate(origin.path), message }] };
  }
}

/** `${Identifier}` → the item, `&{Identifier}` → the item's letters and digits. */
function replaced(value: string, identifier: string, item: string): string {
  return value.split(`\${${identifier}}`).join(item).split(`&{${identifier}}`).join(item.replace(/[^A-Za-z0-9]/g, ''));
}

/** The items of a loop's collection, `undefined` for one known only at deployment, and why it is unknown. */
function collectionItems(collection: unknown, loop: string): { items: Array<string | undefined>; unknownWhy: string } {
  if (Array.isArray(collection)) {
    const items = (collection as unknown[]).map((item) => (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean' ? String(item) : undefined));
    return { items, unknownWhy: `an item of the ${loop} collection that is an intrinsic function, known only at deployment` };
  }
  const ref = text(field(collection, 'Ref'));
  const what = ref === undefined ? 'an intrinsic function' : `Ref ${ref}, a parameter given at deployment`;
  return { items: [undefined], unknownWhy: `an item of the ${loop} collection, which is ${what}` };
}
