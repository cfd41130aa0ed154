import { uncheckedTemplateFinding } from './certificate-findings';
import type { CheckContext, TemplateNesting } from './check-context';
import { AWS_INCLUDE, isCheckedTransform, transformName, uncheckedMacroFinding } from './cloudformation-transforms';
import { entriesOf, field, isRecord, list, text, type IacPath } from './iac-values';
import { shadowedVariants } from './shadowed-values';
import { templateLocation } from './template-files';
import { documentSource, type Origin, type Origins } from './template-view';

/** The key of a transform used within a section (CloudFormation User Guide, "Fn::Transform"). */
const FN_TRANSFORM = 'Fn::Transform';
/**
 * The short form of `Fn::Transform` in JSON, as the AWS CloudFormation Template
 * Reference ("Fn::Transform", Declaration) gives it: a `Transform` key within
 * a section, whose value is `{ Name, Parameters }`. Read as a transform only
 * below the top level (where `Transform` is the template's own section) and
 * with a string `Name`.
 */
const TRANSFORM = 'Transform';

function isInclude(value: unknown): boolean {
  return text(field(value, 'Name')) === AWS_INCLUDE;
}

/** Whether `key: item` of a mapping below the top level calls a transform. */
function isTransformCall(key: string, item: unknown): boolean {
  return key === FN_TRANSFORM || (key === TRANSFORM && isRecord(item) && text(field(item, 'Name')) !== undefined);
}

/** A macro the gate does not run: named as a template it did not check (IAMCERT007). */
function reportMacro(origin: Origin, path: IacPath, transform: unknown, context: CheckContext, nesting: TemplateNesting): void {
  const name = transformName(transform);
  if (isCheckedTransform(name)) return;
  const place = origin.source.locate([...origin.path, ...path]);
  const where = [...origin.path, ...path].join('.');
  context.findings.push(uncheckedMacroFinding(place, `${nesting.prefix}${name ?? 'Transform'}`, name, where, context.options));
}

/**
 * The template with every `AWS::Include` snippet in place. The transform
 * inserts the snippet at the place of the transform: within a section as an
 * `Fn::Transform` key, whose mapping takes the snippet's keys (or which the
 * snippet replaces, when it is all the mapping holds), or at the top level
 * in `Transform`, whose snippet's sections join the template's (AWS
 * CloudFormation User Guide, "AWS::Include transform": anywhere but the
 * Parameters section and the format version). A `Location` that is a local
 * path is read relative to the template's folder, as `aws cloudformation
 * package` reads it before it uploads the snippet; a snippet may include
 * others, and a loop is a problem. A remote `Location` (`s3://`) is named as a
 * template the gate did not check.
 */
export async function expandIncludes(origin: Origin, value: unknown, origins: Origins, context: CheckContext, nesting: TemplateNesting): Promise<unknown> {
  let root = await expandWithin(origin, value, origins, context, nesting, true);
  for (const [index, transform] of list(field(root, 'Transform')).entries()) {
    const path = Array.isArray(field(root, 'Transform')) ? ['Transform', index] : ['Transform'];
    if (!isInclude(transform)) reportMacro(origin, path, transform, context, nesting);
    if (!isInclude(transform) || !isRecord(root)) continue;
    const snippet = await snippetAt(origin, path, transform, origins, context, nesting);
    if (!isRecord(snippet)) continue;
    const snippetOrigin = origins.of(snippet, origin, 'Transform');
    const sections: Entry[] = entriesOf(root).map(([key, own]) => ({ key, value: own }));
    for (const section of adopted(snippet, snippetOrigin, origins)) {
      const own = field(root, section.key);
      if (own === undefined) sections.push(section);
      else if (isRecord(own) && isRecord(section.value)) {
        // A section both have (Resources): the snippet's entries join the template's, which win.
        const joined = [...adopted(section.value, origins.of(section.value, snippetOrigin, section.key), origins).filter((entry) => !Object.hasOwn(own, entry.key)), ...entriesOf(own).map(([key, item]) => ({ key, value: item }))];
        const at = sections.findIndex((entry) => entry.key === section.key);
        sections[at] = { key: section.key, value: built(joined, origins.of(own, origin, section.key), origins) };
      }
    }
    root = built(sections, origin, origins);
  }
  return root;
}

/** A key of a mapping being rebuilt, with the origin of its value when that came from elsewhere. */
interface Entry {
  readonly key: string;
  readonly value: unknown;
  readonly origin?: Origin;
}

/** A mapping of `entries`, made at `origin`, each entry that came from elsewhere pointing there. */
function built(entries: readonly Entry[], origin: Origin, origins: Origins): Record<string, unknown> {
  const mapping = origins.record(Object.fromEntries(entries.map((entry) => [entry.key, entry.value])), origin);
  for (const entry of entries) if (entry.origin !== undefined) origins.recordKey(mapping, entry.key, entry.origin);
  return mapping;
}

async function expandWithin(origin: Origin, value: unknown, origins: Origins, context: CheckContext, nesting: TemplateNesting, top = false): Promise<unknown> {
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const [index, item] of (value as unknown[]).entries()) items.push(await expandWithin(origins.of(item, origin, index), item, origins, context, nesting));
    return items.every((item, index) => item === value[index]) ? value : origins.record(items, origin);
  }
  if (!isRecord(value)) return value;
  const entries: Entry[] = [];
  let changed = false;
  for (const [key, item] of entriesOf(value)) {
    const transform = !top && isTransformCall(key, item);
    if (transform && !isInclude(item)) reportMacro(origin, [key], item, context, nesting);
    if (transform && isInclude(item)) {
      changed = true;
      const snippet = await snippetAt(origin, [key], item, origins, context, nesting);
      // The snippet's keys join the mapping's own, which win; a snippet that is not a mapping replaces a mapping that holds only the transform.
      if (isRecord(snippet)) entries.push(...adopted(snippet, origins.of(snippet, origin, key), origins).filter((entry) => !Object.hasOwn(value, entry.key)));
      else if (Object.keys(value).length === 1 && snippet !== undefined) return snippet;
      continue;
    }
    const expanded = await expandWithin(origins.of(item, origin, key), item, origins, context, nesting);
    changed ||= expanded !== item;
    entries.push({ key, value: expanded });
  }
  return changed ? built(entries, origin, origins) : value;
}

/** The snippet an `AWS::Include` at `path` (relative to `origin`) names, expanded, or `undefined` when the gate cannot read it (a finding or problem says why). */
async function snippetAt(origin: Origin, path: ReadonlyArray<string | number>, transform: unknown, origins: Origins, context: CheckContext, nesting: TemplateNesting): Promise<unknown> {
  const place = origin.source.locate([...origin.path, ...path, 'Parameters', 'Location']);
  const location = templateLocation(field(field(transform, 'Parameters'), 'Location'));
  const resource = `${nesting.prefix}${AWS_INCLUDE}`;
  if ('remote' in location) {
    context.findings.push(uncheckedTemplateFinding(place, resource, location.remote, 'a remote snippet: only CloudFormation reads it', context.options));
    return undefined;
  }
  if ('unknown' in location) {
    context.findings.push(uncheckedTemplateFinding(place, resource, 'of this AWS::Include', `its Location is ${location.unknown}`, context.options));
    return undefined;
  }
  const loaded = await context.files.load(location.local, origin.source.folder, place, nesting.chain);
  if ('problem' in loaded) {
    context.problems.push(loaded.problem);
    return undefined;
  }
  // A snippet is checked as part of the template it joins, so a value a repeated key hides in it has no copy of its own to be checked in.
  const hidden = shadowedVariants(loaded.document).length + loaded.document.duplicateKeys().unjudged;
  if (hidden > 0) context.problems.push({ ...place, message: `the snippet ${location.local} sets ${hidden === 1 ? 'a key' : `${hidden} keys`} twice with different values (IAMCERT008 names them): the gate checks both values of a repeated key in a template, not in an included snippet; remove the repeated key` });
  const source = documentSource(loaded.document);
  const snippetOrigin: Origin = { source, path: [] };
  const snippet = await expandIncludes(snippetOrigin, source.root, origins, context, { prefix: nesting.prefix, chain: [...nesting.chain, loaded.realPath] });
  return origins.record(snippet, snippetOrigin);
}

/**
 * The entries of a snippet (or of one of its sections), each value given the
 * origin it had in the snippet, so that moved into the including template it
 * still points at the snippet's file.
 */
function adopted(snippet: Record<string, unknown>, origin: Origin, origins: Origins): Entry[] {
  return Object.entries(snippet).map(([key, value]) => {
    const at = origins.of(value, origin, key);
    return { key, value: origins.record(value, at), origin: at };
  });
}
