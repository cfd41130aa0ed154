import { IacRule, type IacFinding, type SourcePlace, type SourcePosition } from './findings';
import type { DuplicateKeys } from './duplicate-keys';

/** How a document's places are named: a file, or the string of another file a template was read from. */
export type DocumentPlaces = { readonly file: string } | { readonly embedded: SourcePlace; readonly what: string };

/**
 * A warning for each key a document sets twice in one object or mapping,
 * naming both places. `JSON.parse` and most YAML readers keep the last;
 * another reader may keep the first or refuse the file, so the gate checks
 * the template once with each value (`shadowed-values.ts`) and the worse
 * verdict stands. A file that repeats more keys than are named gets one more
 * warning with the count.
 */
export function duplicateKeyFindings(duplicates: DuplicateKeys, places: DocumentPlaces): IacFinding[] {
  const findings: IacFinding[] = [];
  const named = (position: SourcePosition): string => ('file' in places ? `${places.file}:${position.line}:${position.column}` : `line ${position.line}, column ${position.column} of ${places.what}`);
  const at = (position: SourcePosition): SourcePlace => ('file' in places ? { file: places.file, position } : places.embedded);
  for (const duplicate of duplicates.named) {
    const container = duplicate.path.length === 0 ? 'the top level' : duplicate.path.join('.');
    const place = at(duplicate.second);
    findings.push({
      rule: IacRule.DuplicateKey,
      level: 'warning',
      ...place,
      resource: container,
      message: `the key ${JSON.stringify(duplicate.key)} appears twice in ${container}: at ${named(duplicate.first)} and at ${named(duplicate.second)}; JSON.parse and most YAML readers take the second, another reader may take the first, so the gate checked each`,
    });
  }
  const more = duplicates.count - duplicates.named.length;
  const last = duplicates.named.at(-1);
  if (more > 0 && last !== undefined) {
    findings.push({
      rule: IacRule.DuplicateKey,
      level: 'warning',
      ...at(last.second),
      resource: '(more keys)',
      message: `${more} more duplicate key${more === 1 ? '' : 's'} not listed one by one`,
    });
  }
  return findings;
}
