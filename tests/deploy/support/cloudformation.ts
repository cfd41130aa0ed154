/** Just enough of a CloudFormation template to assert on. */
export interface Resource {
  readonly Type: string;
  readonly Condition?: string;
  readonly DependsOn?: string | readonly string[];
  readonly Properties?: Record<string, unknown>;
}

export interface Template {
  readonly Conditions?: Record<string, unknown>;
  readonly Resources: Record<string, Resource>;
}

/**
 * Evaluates a condition the way CloudFormation would, for conditions built
 * only from literals (serverless.yml writes deploy parameters in as strings).
 * Anything else (a Ref, a CloudFormation parameter) throws: the tests would
 * otherwise be guessing at what a deployment does.
 */
export function evaluateCondition(template: Template, name: string): boolean {
  const conditions = template.Conditions ?? {};
  if (!(name in conditions)) throw new Error(`no condition ${name}`);
  return evaluate(conditions[name], conditions);
}

function evaluate(node: unknown, conditions: Record<string, unknown>): boolean {
  if (typeof node !== 'object' || node === null) throw new Error(`not a condition: ${JSON.stringify(node)}`);
  const [key, value] = Object.entries(node)[0] ?? [];
  const args = Array.isArray(value) ? (value as unknown[]) : [];
  switch (key) {
    case 'Condition':
      if (typeof value !== 'string' || !(value in conditions)) throw new Error(`unknown condition ${String(value)}`);
      return evaluate(conditions[value], conditions);
    case 'Fn::Not':
      return !evaluate(args[0], conditions);
    case 'Fn::And':
      return args.every((arg) => evaluate(arg, conditions));
    case 'Fn::Or':
      return args.some((arg) => evaluate(arg, conditions));
    case 'Fn::Equals': {
      const [left, right] = args;
      if (typeof left !== 'string' || typeof right !== 'string') {
        throw new Error(`Fn::Equals over non-literals: ${JSON.stringify(args)}`);
      }
      return left === right;
    }
    default:
      throw new Error(`unsupported condition function ${String(key)}`);
  }
}

const NO_VALUE = Symbol('AWS::NoValue');

/** Resolves `Fn::If` as CloudFormation would, dropping properties that resolve to `AWS::NoValue`. */
function resolveIfs(node: unknown, template: Template): unknown {
  if (Array.isArray(node)) {
    return node.map((item) => resolveIfs(item, template)).filter((item) => item !== NO_VALUE);
  }
  if (typeof node !== 'object' || node === null) return node;
  const record = node as Record<string, unknown>;
  if (record['Ref'] === 'AWS::NoValue') return NO_VALUE;
  const ifArgs = record['Fn::If'];
  if (Array.isArray(ifArgs)) {
    const [name, whenTrue, whenFalse] = ifArgs as [string, unknown, unknown];
    return resolveIfs(evaluateCondition(template, name) ? whenTrue : whenFalse, template);
  }
  const entries = Object.entries(record)
    .map(([key, value]) => [key, resolveIfs(value, template)] as const)
    .filter(([, value]) => value !== NO_VALUE);
  return Object.fromEntries(entries);
}

/**
 * The resources CloudFormation would create (unconditional ones and those
 * whose condition holds), with every `Fn::If` resolved.
 */
export function deployedResources(template: Template): Record<string, Resource> {
  return Object.fromEntries(
    Object.entries(template.Resources)
      .filter(([, resource]) => resource.Condition === undefined || evaluateCondition(template, resource.Condition))
      .map(([id, resource]) => [id, resolveIfs(resource, template) as Resource]),
  );
}

/** Resources of one type, by logical id. */
export function resourcesOfType(resources: Record<string, Resource>, type: string): Array<[string, Resource]> {
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

/** Reads a nested property, failing the test with the path when it is missing. */
export function property<T = unknown>(resource: Resource | undefined, path: string): T {
  let node: unknown = resource?.Properties;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null || !(part in node)) {
      throw new Error(`property ${path} missing (at ${part})`);
    }
    node = (node as Record<string, unknown>)[part];
  }
  return node as T;
}
