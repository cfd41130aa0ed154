import { mapping, type TemplateValue } from './cloudformation-yaml';
import { ResolvedTemplate } from './resolve-template';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS shared with the serverless plugin
const { MAX_INPUT_PARAMETERS_LENGTH, atLongestRefs, inputParametersText } = require('./config-rule-limits.cjs') as {
  MAX_INPUT_PARAMETERS_LENGTH: number;
  /**
   * `value` with each Ref of a resource of known bound at its longest; anything else whose length is not known
   * (another Ref, any intrinsic function left unresolved, a `${…}` variable) past the limit, named in `unbounded`.
   */
  atLongestRefs: (value: TemplateValue | undefined, resources: Record<string, TemplateValue>, unbounded: Set<string>) => TemplateValue | undefined;
  inputParametersText: (parameters: unknown) => string;
};

export { MAX_INPUT_PARAMETERS_LENGTH, inputParametersText };

/**
 * Real values, each at the longest its deploy parameter takes (docs/parameters.md, "How long the
 * parameters may be"), by the rule's own key: the worst case every budget test fills in.
 */
export const LONGEST_RULE_VALUES = {
  daysToExpiration: '3650',
  checkUsage: 'true',
  // 10 regions of 15 characters: 159 of usageRegions' 160.
  usageRegions: Array.from({ length: 10 }, (_, index) => `ap-southeast-${index + 10}`).join(','),
  securityHubFindings: 'true',
  ownerTagKey: 'o'.repeat(128),
  runbookUrl: `https://wiki.example.com/${'r'.repeat(256 - 25)}`,
  tagOverrides: 'true',
  maxExceptionDays: '365',
  expiryEvents: 'true',
  // 100 characters: the longest the templates take, in the longest partition name.
  eventBusArn: `arn:aws-us-gov:events:us-gov-west-1:999999999999:event-bus/${'b'.repeat(41)}`,
  evaluateAtExpiry: 'true',
  scheduleGroup: 'g'.repeat(32),
} as const;

type RuleKey = keyof typeof LONGEST_RULE_VALUES;

/** {@link LONGEST_RULE_VALUES} under the templates' parameter names (`UsageRegions`), without `leftOut`. */
export function longestTemplateValues<Left extends RuleKey = never>(leftOut: readonly Left[] = []): { [Key in Exclude<RuleKey, Left> as Capitalize<Key>]: string } {
  return Object.fromEntries(
    Object.entries(LONGEST_RULE_VALUES)
      .filter(([key]) => !(leftOut as readonly string[]).includes(key))
      .map(([key, value]) => [`${key.charAt(0).toUpperCase()}${key.slice(1)}`, value]),
  ) as { [Key in Exclude<RuleKey, Left> as Capitalize<Key>]: string };
}

/** The longest InputParameters one Config rule of a template can get. */
export interface LongestInputParameters {
  /** The rule's ConfigRuleName. */
  readonly rule: string;
  /** Characters of its InputParameters, as Config receives them. */
  readonly length: number;
  /** The template parameters that gave it (placeholders of their longest length). */
  readonly given: Readonly<Record<string, string>>;
  /** Parameters that reach the rule with no bound on their length: the length is then not known. */
  readonly unbounded: readonly string[];
}

/** How long a template parameter's value can be; `undefined` when nothing bounds it. */
export type LengthBound = (name: string, declaration: Record<string, TemplateValue>) => number | undefined;

/**
 * CloudFormation's own bounds (CloudFormation User Guide, "Parameters"):
 * MaxLength of a String.
 */
export const cloudFormationBound: LengthBound = (_name, declaration) =>
  typeof declaration['MaxLength'] === 'number' ? declaration['MaxLength'] : undefined;

/** Longer than any InputParameters Config takes: what an unbounded parameter stands for. */
const UNBOUNDED_LENGTH = MAX_INPUT_PARAMETERS_LENGTH + 1;

/**
 * The longest InputParameters each Config rule of `template` can get, over
 * every combination of values its parameters can take: each value of an
 * AllowedValues list, each literal the Conditions compare parameters with
 * (that the bound allows), empty, and a placeholder of the longest length
 * `bound` allows. A parameter
 * that reaches a rule without a bound stands for a value past the limit and
 * is named in `unbounded`, so an unbounded template never passes as fitting.
 *
 * Placeholders are plain letters: the count assumes no value needs escaping
 * in JSON, which the templates' AllowedPatterns ensure (their tests check it).
 *
 * @example
 * longestInputParameters(loadTemplate('templates/member-account-stack.yml'))
 *   .filter((rule) => rule.length > MAX_INPUT_PARAMETERS_LENGTH);
 */
export function longestInputParameters(template: Record<string, TemplateValue>, bound: LengthBound = cloudFormationBound): LongestInputParameters[] {
  const declarations = mapping(template['Parameters'] ?? {}, 'Parameters');
  const resources = mapping(template['Resources'] ?? {}, 'Resources');
  const rules = Object.entries(resources).filter(([, resource]) => mapping(resource, 'resource')['Type'] === 'AWS::Config::ConfigRule');
  const compared = literalsIn(template['Conditions'] ?? null);
  const candidates: Record<string, string[]> = {};
  const conditionsSection = template['Conditions'] ?? null;
  const unboundedNames = new Set<string>();
  for (const [name, raw] of Object.entries(declarations)) {
    const declaration = mapping(raw, name);
    const allowed = declaration['AllowedValues'];
    if (Array.isArray(allowed)) {
      candidates[name] = allowed.map(String);
      continue;
    }
    const longest = bound(name, declaration);
    if (longest === undefined) unboundedNames.add(name);
    // Only the literals a condition compares this parameter with can change a condition; one longer than
    // the bound is a value CloudFormation refuses (MaxLength), not one the rule can get.
    const literals = (literalsComparedWith(conditionsSection, name) ?? compared).filter((literal) => longest === undefined || literal.length <= longest);
    candidates[name] = [...new Set(['', ...literals, placeholder(name, longest ?? UNBOUNDED_LENGTH)])];
  }
  // Only the parameters the InputParameters read, directly or through their conditions, change the result.
  const inputs = rules.map(([, rule]) => mapping(mapping(rule, 'rule')['Properties'] ?? {}, 'Properties')['InputParameters'] ?? null);
  const conditions = mapping(template['Conditions'] ?? {}, 'Conditions');
  const read = new Set(refsUnder([...inputs, ...conditionsReachedFrom(inputs, conditions).map((name) => conditions[name] ?? null)]));
  const varying = Object.keys(candidates).filter((name) => read.has(name));
  const fixed = Object.fromEntries(Object.keys(candidates).filter((name) => !read.has(name)).map((name) => [name, candidates[name]?.[0] ?? '']));

  const longest = new Map<string, LongestInputParameters>();
  for (const given of combinations(varying, candidates)) {
    const resolved = new ResolvedTemplate(template, { ...fixed, ...given }, undefined, { checkConstraints: false });
    for (const [logicalId] of rules) {
      const properties = resolved.properties(logicalId);
      const unboundedRefs = new Set<string>();
      const input = atLongestRefs(properties['InputParameters'], resources, unboundedRefs);
      if (input === undefined) continue;
      const rule = String(properties['ConfigRuleName'] ?? logicalId);
      const length = inputParametersText(input).length;
      if ((longest.get(rule)?.length ?? -1) >= length) continue;
      const text = inputParametersText(input);
      const unbounded = [...unboundedNames].filter((name) => text.includes(placeholder(name, UNBOUNDED_LENGTH))).concat([...unboundedRefs]);
      longest.set(rule, { rule, length, given, unbounded });
    }
  }
  return [...longest.values()];
}

/**
 * Throws, naming each rule, its length and the parameters to shorten, when
 * some combination of parameter values gives a rule more InputParameters
 * than AWS Config takes. `what` names the template in the message.
 */
export function assertInputParametersFit(template: Record<string, TemplateValue>, what: string, bound: LengthBound = cloudFormationBound): void {
  const problems = longestInputParameters(template, bound)
    .filter((rule) => rule.length > MAX_INPUT_PARAMETERS_LENGTH || rule.unbounded.length > 0)
    .map((rule) =>
      rule.unbounded.length > 0
        ? `${rule.rule}: ${rule.unbounded.join(', ')} ${rule.unbounded.length === 1 ? 'has' : 'have'} no MaxLength`
        : `${rule.rule}: up to ${rule.length} characters`,
    );
  if (problems.length > 0) {
    throw new Error(`${what}: rule input parameters can pass the ${MAX_INPUT_PARAMETERS_LENGTH} characters AWS Config takes (${problems.join('; ')})`);
  }
}

/** A value of `length` letters that names its parameter, so a resolved text shows where it went. */
function placeholder(name: string, length: number): string {
  const tag = name.replace(/[^A-Za-z]/g, '');
  return (tag + 'x'.repeat(length)).slice(0, length);
}

function* combinations(names: readonly string[], candidates: Readonly<Record<string, readonly string[]>>): Generator<Record<string, string>> {
  if (names.length === 0) {
    yield {};
    return;
  }
  const [first, ...rest] = names as [string, ...string[]];
  for (const tail of combinations(rest, candidates)) {
    for (const value of candidates[first] ?? ['']) yield { ...tail, [first]: value };
  }
}

/** Every string literal in a Conditions section (what Fn::Equals compares parameters with). */
function literalsIn(value: TemplateValue): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(literalsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => (key === 'Ref' || key === 'Condition' ? [] : literalsIn(item)));
}

/**
 * The literals the Conditions compare parameter `name` with (`Fn::Equals` of
 * its Ref and a string); `undefined` when a condition reads it any other way
 * (inside another function, against another Ref), so that every literal must
 * be tried. Any value equal to none of them makes every condition as the
 * longest placeholder does, so these, empty and the placeholder cover it.
 */
function literalsComparedWith(conditions: TemplateValue, name: string): string[] | undefined {
  const literals: string[] = [];
  let elsewhere = false;
  const isRef = (value: TemplateValue | undefined): boolean => value !== null && typeof value === 'object' && !Array.isArray(value) && value['Ref'] === name;
  const visit = (value: TemplateValue): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      const equals = value['Fn::Equals'];
      if (Array.isArray(equals) && equals.length === 2) {
        const [left = null, right = null] = equals;
        if (isRef(left) || isRef(right)) {
          const other = isRef(left) ? right : left;
          if (typeof other === 'string') literals.push(other);
          else elsewhere = true;
          return;
        }
      }
      if (isRef(value)) elsewhere = true;
      else Object.values(value).forEach(visit);
    }
  };
  visit(conditions);
  return elsewhere ? undefined : [...new Set(literals)];
}

/** The conditions `values` name in Fn::If, and those these name in turn. */
function conditionsReachedFrom(values: readonly TemplateValue[], conditions: Record<string, TemplateValue>): string[] {
  const reached = new Set<string>();
  const visit = (value: TemplateValue): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const name = key === 'Fn::If' && Array.isArray(item) ? item[0] : key === 'Condition' ? item : undefined;
        if (typeof name === 'string' && !reached.has(name)) {
          reached.add(name);
          visit(conditions[name] ?? null);
        }
        visit(item);
      }
    }
  };
  values.forEach(visit);
  return [...reached];
}

function refsUnder(values: readonly TemplateValue[]): string[] {
  const names: string[] = [];
  const visit = (value: TemplateValue): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key === 'Ref' && typeof item === 'string') names.push(item);
        else if (key === 'Fn::Sub' && typeof item === 'string') names.push(...[...item.matchAll(/\$\{([\w:]+)\}/g)].map((match) => match[1] ?? ''));
        else visit(item);
      }
    }
  };
  values.forEach(visit);
  return names;
}

/**
 * The "at most N characters" a parameter's Description promises. Conformance
 * pack templates get their budgets this way: we found no AWS documentation
 * that a pack honours MaxLength, so the pack states them in words instead.
 */
export const documentedBound: LengthBound = (_name, declaration) => {
  const match = /at most (\d+) characters/.exec(String(declaration['Description'] ?? ''));
  return match?.[1] === undefined ? undefined : Number(match[1]);
};
