import { mapping, type TemplateValue } from './cloudformation-yaml';

/**
 * Pseudo parameters a resolved template sees (CloudFormation User Guide,
 * "Pseudo parameters reference"); tests pick their own account and region.
 */
export interface PseudoParameters {
  readonly 'AWS::AccountId': string;
  readonly 'AWS::Partition': string;
  readonly 'AWS::Region': string;
}

export const TEST_PSEUDO_PARAMETERS: PseudoParameters = {
  'AWS::AccountId': '111122223333',
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-1',
};

/** `Ref: AWS::NoValue` removes the property (or list item) it is the value of. */
const NO_VALUE = Symbol('AWS::NoValue');
type Resolved = TemplateValue | typeof NO_VALUE;

/**
 * Whether CloudFormation would accept `value` for a parameter: its
 * AllowedPattern must match the whole value, its length and AllowedValues
 * must fit (CloudFormation User Guide, "Parameters" section: AllowedPattern,
 * MinLength, MaxLength, AllowedValues, MinValue, MaxValue). The patterns are
 * Java regular expressions; the ones our templates use mean the same in a
 * JavaScript `u` regular expression.
 */
export function parameterAccepts(declaration: Record<string, TemplateValue>, value: string): boolean {
  const pattern = declaration['AllowedPattern'];
  if (typeof pattern === 'string' && !new RegExp(`^(?:${pattern})$`, 'u').test(value)) return false;
  const length = [...value].length;
  if (typeof declaration['MinLength'] === 'number' && length < declaration['MinLength']) return false;
  if (typeof declaration['MaxLength'] === 'number' && length > declaration['MaxLength']) return false;
  const allowed = declaration['AllowedValues'];
  if (Array.isArray(allowed) && !allowed.map(String).includes(value)) return false;
  if (declaration['Type'] === 'Number') {
    if (!/^-?\d+(\.\d+)?$/.test(value)) return false;
    if (typeof declaration['MinValue'] === 'number' && Number(value) < declaration['MinValue']) return false;
    if (typeof declaration['MaxValue'] === 'number' && Number(value) > declaration['MaxValue']) return false;
  }
  return true;
}

/**
 * A template evaluated the way CloudFormation (and AWS Config for conformance
 * packs) evaluates it for one set of parameter values: `Ref`, `Fn::If`,
 * `Fn::Sub` of parameters and pseudo parameters, the condition functions, and
 * `AWS::NoValue`. Values the template's own constraints refuse throw, naming
 * the parameter, as CloudFormation refuses the stack.
 */
export class ResolvedTemplate {
  private readonly parameters: Record<string, TemplateValue>;
  private readonly conditions: Record<string, TemplateValue>;
  private readonly values: Record<string, string>;

  /**
   * @param options.checkConstraints false resolves values the template would
   * refuse too: for measuring what a template can produce (input-parameters-budget.ts).
   */
  constructor(
    private readonly template: Record<string, TemplateValue>,
    given: Readonly<Record<string, string>> = {},
    private readonly pseudo: PseudoParameters = TEST_PSEUDO_PARAMETERS,
    options: { readonly checkConstraints?: boolean } = {},
  ) {
    this.parameters = mapping(template['Parameters'] ?? {}, 'Parameters');
    this.conditions = mapping(template['Conditions'] ?? {}, 'Conditions');
    this.values = {};
    for (const name of Object.keys(given)) {
      if (!(name in this.parameters)) throw new Error(`${name} is not a parameter of the template`);
    }
    for (const [name, declaration] of Object.entries(this.parameters)) {
      const parameter = mapping(declaration, name);
      const value = given[name] ?? (parameter['Default'] === undefined ? undefined : String(parameter['Default']));
      if (value === undefined) throw new Error(`parameter ${name} has no default and no value was given`);
      if (options.checkConstraints !== false && !parameterAccepts(parameter, value)) throw new Error(`parameter ${name} refuses ${JSON.stringify(value)}`);
      this.values[name] = value;
    }
  }

  /** A resource's properties, resolved. */
  properties(resource: string): Record<string, TemplateValue> {
    const resources = mapping(this.template['Resources'], 'Resources');
    const resolved = this.resolve(mapping(mapping(resources[resource], resource)['Properties'], `${resource}.Properties`));
    return mapping(resolved === NO_VALUE ? undefined : resolved, `${resource}.Properties`);
  }

  /** An output's value, resolved. */
  output(name: string): TemplateValue {
    const outputs = mapping(this.template['Outputs'], 'Outputs');
    const value = this.resolve(mapping(outputs[name], name)['Value'] ?? null);
    if (value === NO_VALUE) throw new Error(`output ${name} has no value`);
    return value;
  }

  /** Whether a named condition holds. */
  condition(name: string): boolean {
    if (!(name in this.conditions)) throw new Error(`no condition named ${name}`);
    return this.truth(this.conditions[name] ?? null);
  }

  private truth(expression: TemplateValue): boolean {
    const node = mapping(expression, 'condition');
    const [[fn, argument]] = Object.entries(node) as [[string, TemplateValue]];
    const args = Array.isArray(argument) ? argument : [argument];
    switch (fn) {
      case 'Fn::Equals':
        return JSON.stringify(this.resolve(args[0] ?? null)) === JSON.stringify(this.resolve(args[1] ?? null));
      case 'Fn::Not':
        return !this.truth(args[0] ?? null);
      case 'Fn::And':
        return args.every((item) => this.truth(item));
      case 'Fn::Or':
        return args.some((item) => this.truth(item));
      case 'Condition':
        return this.condition(String(argument));
      default:
        throw new Error(`unsupported condition function ${fn}`);
    }
  }

  private resolve(value: TemplateValue): Resolved {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item)).filter((item): item is TemplateValue => item !== NO_VALUE);
    if (typeof value !== 'object' || value === null) return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [key] = keys as [string];
      const argument = value[key] ?? null;
      if (key === 'Ref') return this.ref(String(argument));
      if (key === 'Fn::If') {
        const [condition, whenTrue, whenFalse] = argument as [string, TemplateValue, TemplateValue];
        return this.resolve(this.condition(condition) ? whenTrue : whenFalse);
      }
      // A resource's name or attribute is only known once it exists: such a Sub is left as written.
      if (key === 'Fn::Sub' && typeof argument === 'string' && [...argument.matchAll(/\$\{([\w:.]+)\}/g)].some(([, name = '']) => this.isResource(name.split('.')[0] ?? ''))) return value;
      if (key === 'Fn::Sub' && typeof argument === 'string') {
        const text = argument.replace(/\$\{([\w:]+)\}/g, (_, name: string) => String(this.ref(name)));
        if (text.includes('${')) throw new Error(`unsupported Fn::Sub variable in ${argument}`);
        return text;
      }
      if (key === 'Fn::Join') {
        const [delimiter, parts] = argument as [string, TemplateValue];
        const items = this.resolve(parts);
        if (!Array.isArray(items) || items.some((item) => typeof item !== 'string')) throw new Error(`Fn::Join of non-strings: ${JSON.stringify(items)}`);
        return items.join(delimiter);
      }
      if (key === 'Fn::Split') {
        const [delimiter, source] = argument as [string, TemplateValue];
        return String(this.resolve(source)).split(delimiter);
      }
      if (key === 'Fn::Select') {
        const [index, list] = argument as [number | string, TemplateValue];
        const items = this.resolve(list);
        if (!Array.isArray(items) || items[Number(index)] === undefined) throw new Error(`Fn::Select index ${String(index)} outside the list`);
        return items[Number(index)] ?? null;
      }
      // An attribute of a created resource is only known once it exists: left as written.
      if (key === 'Fn::GetAtt') return value;
      if (key.startsWith('Fn::') || key === 'Condition') throw new Error(`unsupported intrinsic function ${key}`);
    }
    const entries: [string, TemplateValue][] = [];
    for (const [key, item] of Object.entries(value)) {
      const resolved = this.resolve(item);
      if (resolved !== NO_VALUE) entries.push([key, resolved]);
    }
    return Object.fromEntries(entries);
  }

  private isResource(name: string): boolean {
    return name in mapping(this.template['Resources'] ?? {}, 'Resources');
  }

  private ref(name: string): Resolved {
    if (name === 'AWS::NoValue') return NO_VALUE;
    // A resource's physical id is only known once it exists: left as written.
    if (this.isResource(name)) return { Ref: name };
    if (name in this.pseudo) return this.pseudo[name as keyof PseudoParameters];
    const value = this.values[name];
    if (value === undefined) throw new Error(`Ref to ${name}, which is neither a parameter nor a supported pseudo parameter`);
    return value;
  }
}
