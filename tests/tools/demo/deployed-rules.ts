import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../scripts/handler-bundle';
import { mapping, parseTemplate, type TemplateValue } from '../../../scripts/cloudformation-yaml';
import { ResolvedTemplate } from '../../../scripts/resolve-template';

/** One Config rule as `serverless.yml` creates it. */
export interface DeployedRule {
  /** `ConfigRuleName`. */
  readonly name: string;
  /** `InputParameters`, as the JSON text Config hands the function (`ruleParameters`). */
  readonly inputParameters: string;
}

/**
 * The Config rules `serverless.yml` deploys with these deploy parameters
 * (`--param="name=value"`, over its `params.default`), each with its
 * `InputParameters` resolved as CloudFormation resolves them: the
 * conditions, `!If` and `AWS::NoValue`. The scheduler role the stack creates
 * (`Ref: SchedulerRole`) is given its generated name, `schedulerRoleName`.
 * A parameter `serverless.yml` does not declare throws, as the framework
 * would leave it unresolved.
 *
 * `tests/deploy/account-stack-parity.test.ts` packages `serverless.yml` with
 * the framework itself; this reads the same file without it, so the demo
 * runs offline in a second.
 */
export function deployedRules(params: Readonly<Record<string, string>>, schedulerRoleName: string): DeployedRule[] {
  const service = parseTemplate(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'), 'serverless.yml');
  const defaults = mapping(mapping(service['params'], 'params')['default'], 'params.default');
  for (const name of Object.keys(params)) {
    if (!(name in defaults)) throw new Error(`${name} is not a deploy parameter of serverless.yml (params.default)`);
  }
  const values: Record<string, string> = { ...Object.fromEntries(Object.entries(defaults).map(([name, value]) => [name, String(value)])), ...params };
  const resources = mapping(withParams(service['resources'] ?? null, values), 'resources');
  const template = new ResolvedTemplate({ Conditions: resources['Conditions'] ?? {}, Resources: resources['Resources'] ?? {} });
  return Object.entries(mapping(resources['Resources'], 'Resources'))
    .filter(([, resource]) => mapping(resource, 'resource')['Type'] === 'AWS::Config::ConfigRule')
    .map(([logicalId]) => {
      const properties = template.properties(logicalId);
      const input = JSON.stringify(properties['InputParameters'] ?? {}, (_key, value: unknown) => (isRef(value, 'SchedulerRole') ? schedulerRoleName : value));
      if (input.includes('"Ref"')) throw new Error(`${logicalId}: InputParameters refer to a resource the demo cannot name: ${input}`);
      return { name: String(properties['ConfigRuleName']), inputParameters: input };
    });
}

/** `${param:name}` replaced by its value in every string of `value`, as the framework writes them in. */
function withParams(value: TemplateValue, values: Readonly<Record<string, string>>): TemplateValue {
  if (typeof value === 'string') {
    return value.replace(/\$\{param:(\w+)\}/g, (_whole, name: string) => {
      const given = values[name];
      if (given === undefined) throw new Error(`serverless.yml uses \${param:${name}}, which params.default does not declare`);
      return given;
    });
  }
  if (Array.isArray(value)) return value.map((item) => withParams(item, values));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withParams(item, values)]));
}

function isRef(value: unknown, logicalId: string): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && (value as Record<string, unknown>)['Ref'] === logicalId;
}
