import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseRuleParameters, type RuleParameters } from '../../src/core/rule-parameters';
import { loadTemplate, mapping, type TemplateValue } from '../../scripts/cloudformation-yaml';
import { ResolvedTemplate, TEST_PSEUDO_PARAMETERS } from '../../scripts/resolve-template';
import { deployedResources, type Resource, type Template } from './support/cloudformation';
import { copyService, packageService, PROJECT_ROOT, type Packaged } from './support/package-service';

/**
 * templates/member-account-stack.yml (the release's one-account template)
 * and serverless.yml must deploy the same thing for one account: these
 * tests package serverless.yml and resolve the template with the same
 * settings, and compare what each creates.
 */
jest.setTimeout(180_000);

const template = loadTemplate(join(PROJECT_ROOT, 'templates', 'member-account-stack.yml'));
const serverless = loadTemplate(join(PROJECT_ROOT, 'serverless.yml'));
const CODE = { CodeBucket: 'iam-server-certificate-expiry-code', CodeKey: 'iam-server-certificate-expiry-rule-lambda-1.0.0.zip' };
const REGION = 'us-east-1';

/** The same settings, as serverless deploy parameters and as the template's parameters. */
const SETTINGS = {
  defaults: {},
  everything: {
    daysToExpiration: '14',
    maximumExecutionFrequency: 'Six_Hours',
    alertEmail: 'secops@example.com',
    checkUsage: 'true',
    usageRegions: 'us-east-1,eu-west-1',
    securityHubFindings: 'true',
    ownerTagKey: 'team',
    runbookUrl: 'https://wiki.example.com/runbooks/iam-server-certificates',
    tagOverrides: 'true',
    maxExceptionDays: '45',
    expiryEvents: 'true',
    eventBusArn: 'arn:aws:events:us-east-1:999999999999:event-bus/certificate-expiry',
    // Both issue 21 features at once, the schedule in the default group.
    evaluateAtExpiry: 'true',
  },
  existingTopic: { alertTopicArn: 'arn:aws:sns:us-east-1:111122223333:security-alerts', checkUsage: 'true' },
  // Tag overrides without Security Hub findings: their own policy grants the tag reads.
  tagOverridesOnly: { tagOverrides: 'true' },
  // Expiry events on the account's default bus: serverless.yml's 'default', the template's empty EventBusArn.
  expiryEventsDefaultBus: { expiryEvents: 'true' },
  // evaluateAtExpiry (issue 21 part 3): the scheduler's role, its policy and the function's schedule policy.
  evaluateAtExpiry: { evaluateAtExpiry: 'true', scheduleGroup: 'cert-expiry', securityHubFindings: 'true' },
} as const satisfies Record<string, Record<string, string>>;
type Setting = keyof typeof SETTINGS;

/** serverless.yml's `daysToExpiration` is the template's `DaysToExpiration`. */
const templateName = (param: string): string => param.charAt(0).toUpperCase() + param.slice(1);

/** The resource types serverless adds for itself (its deployment bucket), not part of the rule. */
const FRAMEWORK_ONLY = new Set(['AWS::S3::Bucket', 'AWS::S3::BucketPolicy']);
/** serverless.yml attaches its optional policies as AWS::IAM::Policy, the template as AWS::IAM::RolePolicy: the same grant. */
const sameKind = (type: string): string => (type === 'AWS::IAM::Policy' ? 'AWS::IAM::RolePolicy' : type);

let serviceDir = '';
const packaged: Partial<Record<Setting, Packaged>> = {};

beforeAll(async () => {
  serviceDir = copyService();
  for (const setting of Object.keys(SETTINGS) as Setting[]) {
    packaged[setting] = await packageService(serviceDir, setting, Object.entries(SETTINGS[setting]).map(([key, value]) => `--param=${key}=${value}`));
  }
});

afterAll(() => {
  if (serviceDir !== '') rmSync(serviceDir, { recursive: true, force: true });
});

function fromServerless(setting: Setting): Record<string, Resource> {
  const result = packaged[setting];
  if (result === undefined) throw new Error(`${setting} was not packaged`);
  return deployedResources(result.template as Template);
}

function fromTemplate(setting: Setting): Record<string, { Type: string; Properties: Record<string, TemplateValue> }> {
  const given = Object.fromEntries(Object.entries(SETTINGS[setting]).map(([key, value]) => [templateName(key), value]));
  const resolved = new ResolvedTemplate(template, { ...CODE, ...given });
  const created: Record<string, { Type: string; Properties: Record<string, TemplateValue> }> = {};
  for (const [id, raw] of Object.entries(mapping(template['Resources'], 'Resources'))) {
    const resource = mapping(raw, id);
    if (typeof resource['Condition'] === 'string' && !resolved.condition(resource['Condition'])) continue;
    created[id] = { Type: String(resource['Type']), Properties: resolved.properties(id) };
  }
  return created;
}

const typesOf = (resources: Record<string, { Type: string }>): string[] =>
  Object.values(resources)
    .map((resource) => sameKind(resource.Type))
    .filter((type) => !FRAMEWORK_ONLY.has(type))
    .sort();

/** What the rule does with a rule's InputParameters, with the defaults the rule itself applies made explicit. */
function effective(input: unknown): RuleParameters {
  // The scheduler role's name is a Ref to the role each creates: the same role, by another logical id or none.
  const rule = parseRuleParameters(JSON.stringify(input).replace(/\{"Ref":"SchedulerRole"\}/g, '"scheduler-role"'));
  return { ...rule, usageRegions: rule.checkUsage ? (rule.usageRegions ?? [REGION]) : undefined };
}

function rulesOf(resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>): Record<string, { parameters: RuleParameters; triggers: unknown }> {
  return Object.fromEntries(
    Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::Config::ConfigRule')
      .map((rule) => [
        String(rule.Properties?.['ConfigRuleName']),
        { parameters: effective(rule.Properties?.['InputParameters']), triggers: (rule.Properties?.['Source'] as { SourceDetails: unknown }).SourceDetails },
      ]),
  );
}

/** serverless.yml writes ARNs with Fn::Join, the template with Fn::Sub: both as text here, each Fn::Join of strings joined. */
function joined(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (_key, node: unknown) => {
    const join = (node as { 'Fn::Join'?: [string, unknown[]] } | null)?.['Fn::Join'];
    return Array.isArray(join) && join[1].every((part) => typeof part === 'string') ? join[1].join(join[0]) : node;
  });
}

/** A function's settings that decide how it runs. */
function functionOf(resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>): Record<string, unknown> {
  const found = Object.values(resources).find((resource) => resource.Type === 'AWS::Lambda::Function');
  const { Runtime, Architectures, MemorySize, Timeout, Handler, Environment } = found?.Properties ?? {};
  return { Runtime, Architectures, MemorySize, Timeout, Handler, Environment };
}

/** Every IAM action the function's role gets, but the log writes each writes its own way. */
function actionsOf(resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>): string[] {
  type Document = { Statement: Array<{ Action: string | string[] }> };
  const documents: Document[] = [];
  for (const resource of Object.values(resources)) {
    if (resource.Type === 'AWS::IAM::Role') documents.push(...((resource.Properties?.['Policies'] as Array<{ PolicyDocument: Document }>) ?? []).map((policy) => policy.PolicyDocument));
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::RolePolicy') documents.push(resource.Properties?.['PolicyDocument'] as Document);
  }
  return documents
    .flatMap((document) => document.Statement.flatMap((statement) => [statement.Action].flat()))
    .filter((action) => !action.startsWith('logs:'))
    .sort();
}

/**
 * Properties with the names of resources they point to replaced (logical ids
 * differ between the two), and pseudo parameters resolved as the template's are.
 */
function withoutIds(value: unknown): unknown {
  let text = JSON.stringify(value);
  for (const [name, resolved] of Object.entries(TEST_PSEUDO_PARAMETERS)) text = text.split(JSON.stringify({ Ref: name })).join(JSON.stringify(resolved));
  return JSON.parse(text.replace(/\{"Ref":"[A-Za-z0-9]+"\}/g, '"<ref>"').replace(/\{"Fn::GetAtt":\["[A-Za-z0-9]+","Arn"\]\}/g, '"<arn>"'));
}

describe('templates/member-account-stack.yml against serverless.yml, for one account', () => {
  it('offers every deploy parameter of serverless.yml as a CloudFormation parameter', () => {
    const params = Object.keys(mapping(mapping(serverless['params'], 'params')['default'], 'default'));
    const parameters = Object.keys(mapping(template['Parameters'], 'Parameters'));
    expect(params.length).toBeGreaterThan(5);
    expect(params.map(templateName).filter((name) => !parameters.includes(name))).toEqual([]);
  });

  it.each(Object.keys(SETTINGS) as Setting[])('creates the same kinds of resources (%s)', (setting) => {
    expect(typesOf(fromTemplate(setting))).toEqual(typesOf(fromServerless(setting)));
  });

  it.each(Object.keys(SETTINGS) as Setting[])('gives both rules the same parameters and triggers (%s)', (setting) => {
    expect(rulesOf(fromTemplate(setting))).toEqual(rulesOf(fromServerless(setting)));
  });

  it.each(Object.keys(SETTINGS) as Setting[])('grants the function\'s role the same actions (%s)', (setting) => {
    expect(actionsOf(fromTemplate(setting))).toEqual(actionsOf(fromServerless(setting)));
  });

  it.each(['everything', 'tagOverridesOnly'] as const)('grants iam:ListServerCertificateTags once, and hands both rules tagOverrides (%s)', (setting) => {
    for (const resources of [fromTemplate(setting), fromServerless(setting)]) {
      expect(actionsOf(resources).filter((action) => action === 'iam:ListServerCertificateTags')).toEqual(['iam:ListServerCertificateTags']);
      expect(Object.values(rulesOf(resources)).map((rule) => rule.parameters.tagOverrides)).toEqual([true, true]);
    }
  });

  it.each(['everything', 'expiryEventsDefaultBus'] as const)('grants events:PutEvents on the same bus, with the same condition (%s)', (setting) => {
    type Statements = { PolicyDocument: { Statement: unknown[] } };
    const policy = (resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>) =>
      joined(withoutIds((Object.entries(resources).find(([id]) => id === 'ExpiryEventsPolicy')?.[1].Properties as Statements | undefined)?.PolicyDocument.Statement.map((statement) => ({ ...(statement as object), Sid: undefined }))));
    const fromStack = policy(fromTemplate(setting));
    expect(fromStack).toEqual(policy(fromServerless(setting)));
    expect(JSON.stringify(fromStack)).toContain(setting === 'everything' ? 'event-bus/certificate-expiry' : ':event-bus/default');
  });

  it.each([
    ['evaluateAtExpiry', 'cert-expiry'],
    ['everything', 'default'],
  ] as const)('gives both rules the scheduler role the stack creates, and the scheduler role and the function the same grants (%s)', (setting, group) => {
    for (const resources of [fromTemplate(setting), fromServerless(setting)]) {
      expect(Object.values(rulesOf(resources)).map((rule) => [rule.parameters.evaluateAtExpiry, rule.parameters.schedulerRole, rule.parameters.scheduleGroup])).toEqual([
        [true, 'scheduler-role', group],
        [true, 'scheduler-role', group],
      ]);
    }
    const of = (resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>, id: string): unknown => withoutIds(resources[id]?.Properties);
    expect(joined(of(fromTemplate(setting), 'SchedulerRole'))).toEqual(joined(of(fromServerless(setting), 'SchedulerRole')));
    const statements = (resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>, id: string) =>
      ((resources[id]?.Properties?.['PolicyDocument'] as { Statement: Array<Record<string, unknown>> }).Statement ?? []).map(({ Sid: _sid, ...statement }) => withoutIds(statement));
    expect(statements(fromTemplate(setting), 'SchedulerRolePolicy')).toEqual(statements(fromServerless(setting), 'SchedulerRolePolicy'));
    expect(joined(statements(fromTemplate(setting), 'EvaluationSchedulePolicy'))).toEqual(joined(statements(fromServerless(setting), 'EvaluationSchedulePolicy')));
  });

  it('runs the function the same way', () => {
    expect(functionOf(fromTemplate('defaults'))).toEqual(functionOf(fromServerless('defaults')));
  });

  it.each(['AWS::CloudWatch::Alarm', 'AWS::Events::Rule', 'AWS::SNS::TopicPolicy', 'AWS::Lambda::Permission'])('sets %s up the same way, with alerting on', (type) => {
    const of = (resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>): unknown =>
      Object.values(resources)
        .filter((resource) => resource.Type === type)
        .map((resource) => joined(withoutIds(resource.Properties)))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(of(fromTemplate('everything'))).toEqual(of(fromServerless('everything')));
  });
});
