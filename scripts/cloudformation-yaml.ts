import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, load, Type } from 'js-yaml';

/** A parsed template: plain JSON values, short-form intrinsics turned into their long form. */
export type TemplateValue = string | number | boolean | null | TemplateValue[] | { [key: string]: TemplateValue };

// The intrinsic functions with a short form (CloudFormation User Guide,
// "Intrinsic function reference"): `!Ref X` is `{ Ref: X }`, `!Sub s` is `{ 'Fn::Sub': s }`.
const FUNCTIONS = [
  'And', 'Base64', 'Cidr', 'Equals', 'FindInMap', 'GetAZs', 'If', 'ImportValue',
  'Join', 'Not', 'Or', 'Select', 'Split', 'Sub', 'Transform',
] as const;
const KINDS = ['scalar', 'sequence', 'mapping'] as const;

function intrinsicTypes(): Type[] {
  const types: Type[] = [];
  for (const kind of KINDS) {
    types.push(new Type('!Ref', { kind, construct: (data: TemplateValue) => ({ Ref: data }) }));
    types.push(new Type('!Condition', { kind, construct: (data: TemplateValue) => ({ Condition: data }) }));
    // `!GetAtt Role.Arn` is `{ 'Fn::GetAtt': ['Role', 'Arn'] }`.
    types.push(
      new Type('!GetAtt', {
        kind,
        construct: (data: TemplateValue) => ({ 'Fn::GetAtt': typeof data === 'string' ? splitOnce(data) : data }),
      }),
    );
    for (const name of FUNCTIONS) types.push(new Type(`!${name}`, { kind, construct: (data: TemplateValue) => ({ [`Fn::${name}`]: data }) }));
  }
  return types;
}

function splitOnce(attribute: string): string[] {
  const dot = attribute.indexOf('.');
  return dot < 0 ? [attribute] : [attribute.slice(0, dot), attribute.slice(dot + 1)];
}

// CORE_SCHEMA, not the default one: `2010-09-09` must stay a string, not become a Date.
const SCHEMA = CORE_SCHEMA.extend(intrinsicTypes());

/** Parses CloudFormation YAML, short-form tags (`!Ref`, `!Sub`, `!GetAtt`, …) included. */
export function parseTemplate(text: string, filename = 'template'): Record<string, TemplateValue> {
  const parsed = load(text, { schema: SCHEMA, filename });
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${filename} is not a YAML mapping`);
  return parsed as Record<string, TemplateValue>;
}

/** Reads and parses a template file. */
export function loadTemplate(path: string): Record<string, TemplateValue> {
  return parseTemplate(readFileSync(path, 'utf8'), path);
}

/** `value` as a mapping, or a test failure naming `what`. */
export function mapping(value: TemplateValue | undefined, what: string): Record<string, TemplateValue> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what} is not a mapping: ${JSON.stringify(value)}`);
  return value;
}

/** `value` as a list, or a test failure naming `what`. */
export function list(value: TemplateValue | undefined, what: string): TemplateValue[] {
  if (!Array.isArray(value)) throw new Error(`${what} is not a list: ${JSON.stringify(value)}`);
  return value;
}

/** Every `{ Ref: name }` anywhere in `value`. */
export function refsIn(value: TemplateValue | undefined): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  const ref = value['Ref'];
  if (typeof ref === 'string' && Object.keys(value).length === 1) return [ref];
  return Object.values(value).flatMap(refsIn);
}

/** A policy statement's actions as a list, whether written as one string or several. */
export function actionsOf(statement: TemplateValue): string[] {
  const action = mapping(statement, 'policy statement')['Action'];
  return typeof action === 'string' ? [action] : list(action, 'Action').map(String);
}

/**
 * YAML anchors and aliases (`&name`, `*name`) outside comments, line by line:
 * CloudFormation refuses a template with aliases ("Template error: YAML
 * aliases are not allowed in CloudFormation templates"); only tools that
 * rewrite the template first (the Serverless Framework) may use them.
 */
export function yamlAliases(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, ''))
    .filter((line) => /(?:^|[\s[,])[&*][A-Za-z_]/.test(line));
}

/**
 * The names of `template`'s Parameters; throws, naming `what`, when one of
 * `required` is missing (the code location of the release and StackSet
 * templates comes in as parameters: CodeBucket, CodeKey).
 */
export function parameterNames(template: Record<string, TemplateValue>, what: string, required: readonly string[] = []): string[] {
  const names = Object.keys(mapping(template['Parameters'] ?? {}, `${what} Parameters`));
  for (const name of required) {
    if (!names.includes(name)) throw new Error(`${what} has no ${name} parameter`);
  }
  return names;
}
