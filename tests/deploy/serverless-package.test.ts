import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployedResources, property, resourcesOfType, type Resource, type Template } from './support/cloudformation';
import { copyService, packageService, PROJECT_ROOT, type Packaged } from './support/package-service';
import { zipEntries } from './support/zip-entries';
import { EXPIRY_EVENTS_IAM_ACTIONS } from '../../src/adapters/eventbridge-expiry-events';
import { EVALUATION_SCHEDULE_IAM_ACTIONS } from '../../src/adapters/scheduler-evaluation-schedules';
import { SECURITY_HUB_FINDINGS_IAM_ACTIONS } from '../../src/adapters/security-hub-findings';
import { USAGE_SCAN_IAM_ACTIONS } from '../../src/usage/required-actions';
import { actionsCalledBy } from './support/sdk-actions';
import { scheduleNameFor } from '../../src/core/evaluation-schedule';
import { EXPIRY_EVENT_SOURCE, ExpiryDetailType } from '../../src/core/expiry-event';
import { cisReference, SECURITY_HUB_CONTROL } from '../../src/core/compliance-references';
import { schedulerDroppedAlarm } from '../templates/support/scheduler-dropped-alarm';
import { LONGEST_RULE_VALUES } from '../../scripts/input-parameters-budget';

// Each packaging bundles with esbuild and runs the framework: seconds, not ms.
jest.setTimeout(180_000);

const EXPIRED_RULE = 'iam-server-certificate-expired';
const EXPIRING_RULE = 'iam-server-certificate-expiring';
const ZIP_BUDGET_BYTES = 1024 * 1024;
const ALERT_TOPIC_ARN = 'arn:aws:sns:us-east-1:111122223333:security-alerts';
const ORGANIZATION_ID = 'o-a1b2c3d4e5';
const ASSUME_ROLE = 'sts:AssumeRole';
const CENTRAL_BUS = 'arn:aws:events:us-east-1:999999999999:event-bus/certificate-expiry';

interface Statement {
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource: unknown;
}

let serviceDir = '';
let byDefault: Packaged;
let withEmail: Packaged;
let withTopic: Packaged;
let inEuWest1: Packaged;
let leftInTmp: string[] = [];

/** What packaging may leave in the temporary directory: serverless-esbuild names its zip folder after the service. */
const packagingLeftovers = (): string[] => readdirSync(tmpdir()).filter((entry) => entry.startsWith('iam-server-certificate-expiry-rule-'));

beforeAll(async () => {
  const before = new Set(packagingLeftovers());
  serviceDir = copyService();
  // One after another: all three share the copy's .esbuild work folder.
  byDefault = await packageService(serviceDir, 'default');
  withEmail = await packageService(serviceDir, 'email', [
    '--param=alertEmail=ops@example.com',
    '--param=daysToExpiration=14',
    '--param=maximumExecutionFrequency=Six_Hours',
    '--param=checkUsage=true',
    '--param=usageRegions=us-east-1,eu-west-1',
    '--param=tagOverrides=true',
    '--param=maxExceptionDays=45',
    '--param=expiryEvents=true',
    '--param=evaluateAtExpiry=true',
    '--param=scheduleGroup=cert-expiry',
  ]);
  withTopic = await packageService(serviceDir, 'topic', [
    `--param=alertTopicArn=${ALERT_TOPIC_ARN}`,
    '--param=organizationRollout=true',
    `--param=organizationId=${ORGANIZATION_ID}`,
    '--param=securityHubFindings=true',
    '--param=runbookUrl=https://wiki.example.com/runbooks/iam-certificates',
    '--param=expiryEvents=true',
    `--param=eventBusArn=${CENTRAL_BUS}`,
  ]);
  inEuWest1 = await packageService(serviceDir, 'eu-west-1', ['--region', 'eu-west-1']);
  leftInTmp = packagingLeftovers().filter((entry) => !before.has(entry));
});

afterAll(() => {
  if (serviceDir !== '') rmSync(serviceDir, { recursive: true, force: true });
});

function only(resources: Record<string, Resource>, type: string): [string, Resource] {
  const found = resourcesOfType(resources, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as [string, Resource];
}

function configRule(template: Template, name: string): Resource {
  const rule = resourcesOfType(deployedResources(template), 'AWS::Config::ConfigRule').find(
    ([, resource]) => property(resource, 'ConfigRuleName') === name,
  );
  if (rule === undefined) throw new Error(`no Config rule ${name}`);
  return rule[1];
}

/** A rule's InputParameters as CloudFormation will pass them (`deployedResources` resolves the `Fn::If`). */
function inputParameters(template: Template, name: string): Record<string, unknown> {
  return property<Record<string, unknown>>(configRule(template, name), 'InputParameters');
}

function roleStatements(template: Template): Statement[] {
  // The function's role; with evaluateAtExpiry, the scheduler's role is another.
  const role = deployedResources(template)['IamRoleLambdaExecution'];
  if (role === undefined) throw new Error('no IamRoleLambdaExecution');
  const policies = property<Array<{ PolicyDocument: { Statement: Statement[] } }>>(role, 'Policies');
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

function actionsOf(statement: Statement): string[] {
  return typeof statement.Action === 'string' ? [statement.Action] : [...statement.Action];
}

/** Actions the function's role grants beyond the framework's own CloudWatch Logs ones. */
function ruleActions(template: Template): Set<string> {
  return new Set(roleStatements(template).flatMap(actionsOf).filter((action) => !action.startsWith('logs:')));
}

function alertingTypes(template: Template): string[] {
  const types = ['AWS::SNS::Topic', 'AWS::SNS::TopicPolicy', 'AWS::SNS::Subscription', 'AWS::Events::Rule'];
  return Object.values(deployedResources(template))
    .map((resource) => resource.Type)
    .filter((type) => types.includes(type));
}

describe('the packaged function', () => {
  it('runs on nodejs24.x or newer, arm64, 256 MB, with a 120 s timeout', () => {
    const [, fn] = only(deployedResources(byDefault.template), 'AWS::Lambda::Function');
    const major = Number(/^nodejs(\d+)\.x$/.exec(property<string>(fn, 'Runtime'))?.[1]);
    expect(major).toBeGreaterThanOrEqual(24);
    expect(property(fn, 'Architectures')).toEqual(['arm64']);
    expect(property(fn, 'MemorySize')).toBe(256);
    expect(property(fn, 'Timeout')).toBe(120);
    expect(property(fn, 'Handler')).toBe('src/handler.handler');
  });

  it('starts Node.js through the runtime wrapper, with source maps and no heap sizes that Lambda would override', () => {
    const [, fn] = only(deployedResources(byDefault.template), 'AWS::Lambda::Function');
    const benchmarked = JSON.parse(readFileSync(join(PROJECT_ROOT, 'scripts/lambda-environment.json'), 'utf8')) as Record<string, string>;

    expect(property(fn, 'Environment.Variables')).toEqual(benchmarked);
    expect(property<string>(fn, 'Environment.Variables.NODE_OPTIONS').split(' ')).toEqual(['--enable-source-maps']);
    // Lambda's runtime passes its own heap sizes on the command line, which wins over NODE_OPTIONS.
    expect(property<string>(fn, 'Environment.Variables.NODE_OPTIONS')).not.toMatch(/--max-(old|semi)-space-size/);
    expect(property(fn, 'Environment.Variables.AWS_LAMBDA_EXEC_WRAPPER')).toBe('/var/task/src/lambda-exec-wrapper.sh');
  });

  it('zips the runtime wrapper where the function names it, executable', () => {
    const entries = zipEntries(readFileSync(byDefault.zipPath));
    const wrapper = entries.find((entry) => entry.name === 'src/lambda-exec-wrapper.sh');

    expect(wrapper?.content.equals(readFileSync(join(PROJECT_ROOT, 'src/lambda-exec-wrapper.sh')))).toBe(true);
    // Owner read and execute: Lambda runs it as a program.
    expect((wrapper?.unixMode ?? 0) & 0o500).toBe(0o500);
    expect(entries.map((entry) => entry.name).sort()).toEqual(['src/handler.js', 'src/handler.js.map', 'src/lambda-exec-wrapper.sh']);
  });

  it('matches the sizes docs/deploy.md states for the deployed zip, within 5 %', () => {
    const row = /^\| SDK bundled \(deployed\) \| ([\d,]+) B[^|]*\| ([\d,]+) B \| ([\d,]+) B \|$/m.exec(readFileSync(join(PROJECT_ROOT, 'docs/deploy.md'), 'utf8'));
    const stated = (row?.slice(1) ?? []).map((figure) => Number(figure.replace(/,/g, '')));
    const entries = zipEntries(readFileSync(byDefault.zipPath));
    const measured = [
      statSync(byDefault.zipPath).size,
      entries.find((entry) => entry.name === 'src/handler.js')?.content.length ?? 0,
      entries.find((entry) => entry.name === 'src/handler.js.map')?.content.length ?? 0,
    ];

    expect(stated).toHaveLength(3);
    // Stale figures there mislead whoever sizes a deployment: update the row when this fails.
    measured.forEach((bytes, index) => expect(Math.abs(bytes - (stated[index] ?? 0)) / bytes).toBeLessThan(0.05));
  });

  it('zips the bundled handler and its source map under 1 MB', () => {
    const zip = readFileSync(byDefault.zipPath);
    expect(statSync(byDefault.zipPath).size).toBeLessThan(ZIP_BUDGET_BYTES);
    // Zip entry names are stored uncompressed.
    expect(zip.includes(Buffer.from('src/handler.js'))).toBe(true);
    expect(zip.includes(Buffer.from('src/handler.js.map'))).toBe(true);
    expect(zip.includes(Buffer.from('node_modules/'))).toBe(false);
  });
});

describe('packaging', () => {
  it('leaves nothing behind in the temporary directory', () => {
    expect(leftInTmp).toEqual([]);
  });

  it('fails, saying why, for an organization roll-out without organizationId', async () => {
    const failure = packageService(serviceDir, 'org-without-id', ['--param=organizationRollout=true']);
    await expect(failure).rejects.toMatchObject({ stdout: expect.stringContaining("organizationRollout is 'true' but organizationId is empty") });
  });

  it('fails, naming each one, when an on/off deploy parameter is not exactly true or false: CloudFormation would read True as off', async () => {
    const failure = packageService(serviceDir, 'switches-in-capitals', [
      '--param=securityHubFindings=True',
      '--param=alertEmail=a@example.com',
      '--param=checkUsage=True',
      '--param=organizationRollout=TRUE',
      `--param=organizationId=${ORGANIZATION_ID}`,
    ]);
    await expect(failure).rejects.toMatchObject({
      stdout: expect.stringMatching(
        /checkUsage must be 'true' or 'false', got "True" \(exactly, in lower case[^;]*; organizationRollout must be 'true' or 'false', got "TRUE" [^;]*; securityHubFindings must be 'true' or 'false', got "True" /,
      ),
    });
  });

  it('fails, saying why, for an eventBusArn without expiryEvents: the bus would be dropped', async () => {
    const failure = packageService(serviceDir, 'bus-without-events', [`--param=eventBusArn=${CENTRAL_BUS}`]);
    await expect(failure).rejects.toMatchObject({ stdout: expect.stringContaining("eventBusArn is set but expiryEvents is not 'true': no event would be sent") });
  });

  it('fails, naming each one, when a deploy parameter would give a rule a blank input parameter', async () => {
    // The framework itself refuses `--param=name=` (no value), not one of spaces.
    const failure = packageService(serviceDir, 'blank-parameters', ['--param=usageRegions= ', '--param=securityHubFindings=true', '--param=ownerTagKey=  ']);
    await expect(failure).rejects.toMatchObject({
      stdout: expect.stringMatching(
        /Blank rule input parameters \(iam-server-certificate-expired: usageRegions, iam-server-certificate-expired: ownerTagKey, iam-server-certificate-expiring: usageRegions, iam-server-certificate-expiring: ownerTagKey\): AWS Config refuses them/,
      ),
    });
  });

  it('fails, naming the rule and its length, when a rule\'s input parameters would be longer than the 1,024 characters AWS Config takes', async () => {
    // 40 regions (the rule's own cap), the longest runbook URL and owner tag the rule accepts: each valid, too long together.
    const regions = Array.from({ length: 40 }, (_, index) => `ap-southeast-${index + 1}`).join(',');
    const failure = packageService(serviceDir, 'long-parameters', [
      '--param=checkUsage=true',
      `--param=usageRegions=${regions}`,
      '--param=securityHubFindings=true',
      `--param=ownerTagKey=${'o'.repeat(128)}`,
      `--param=runbookUrl=https://wiki.example.com/${'r'.repeat(487)}`,
    ]);
    const expiring = JSON.stringify({
      daysToExpiration: '30',
      checkUsage: 'true',
      usageRegions: regions,
      securityHubFindings: 'true',
      ownerTagKey: 'o'.repeat(128),
      runbookUrl: `https://wiki.example.com/${'r'.repeat(487)}`,
    }).length;

    // Only the expiring rule carries the runbook URL: the expired rule's parameters still fit.
    // tagOverrides is off: its two keys, which CloudFormation leaves out, do not count.
    await expect(failure).rejects.toMatchObject({
      stdout: expect.stringMatching(
        new RegExp(`Rule input parameters longer than the 1024 characters AWS Config takes \\(iam-server-certificate-expiring: ${expiring} characters \\(longest values: usageRegions \\d+, runbookUrl 514, ownerTagKey 130\\)\\)`),
      ),
    });
  });

  it('counts tagOverrides and maxExceptionDays in the length only when tagOverrides is on', async () => {
    // 15 regions: with the longest runbook URL and owner tag, 995 characters; the two tag keys make it 1,042.
    const regions = Array.from({ length: 15 }, (_, index) => `ap-southeast-${index + 1}`).join(',');
    const params = ['--param=checkUsage=true', `--param=usageRegions=${regions}`, '--param=securityHubFindings=true', `--param=ownerTagKey=${'o'.repeat(128)}`, `--param=runbookUrl=https://wiki.example.com/${'r'.repeat(487)}`];
    const base = { daysToExpiration: '30', checkUsage: 'true', usageRegions: regions, securityHubFindings: 'true', ownerTagKey: 'o'.repeat(128), runbookUrl: `https://wiki.example.com/${'r'.repeat(487)}` };
    const withTags = JSON.stringify({ ...base, tagOverrides: 'true', maxExceptionDays: '365' }).length;
    expect([JSON.stringify(base).length <= 1024, withTags > 1024]).toEqual([true, true]);

    const off = await packageService(serviceDir, 'long-without-tags', params);
    expect(inputParameters(off.template, EXPIRING_RULE)).not.toHaveProperty('tagOverrides');
    await expect(packageService(serviceDir, 'long-with-tags', [...params, '--param=tagOverrides=true', '--param=maxExceptionDays=365'])).rejects.toMatchObject({
      stdout: expect.stringContaining(`(iam-server-certificate-expiring: ${withTags} characters`),
    });
  });

  it('fails, saying why, when the stage makes the role name longer than IAM allows', async () => {
    const failure = packageService(serviceDir, 'long-stage', ['--stage', 'a-stage-name-that-is-far-too-long-for-iam', '--region', 'ap-southeast-1']);
    // osls's own schema refuses it first (provider.iam.role.name: {1,64}); scripts/serverless-deploy-checks.cjs
    // says the same for a framework that does not validate.
    await expect(failure).rejects.toMatchObject({
      stdout: expect.stringMatching(/provider\.iam\.role\.name'?: must match pattern .*\{1,64\}|The Lambda role name .* IAM allows 64/),
    });
  });

  it('names the Lambda role explicitly, within IAM\'s 64 characters', () => {
    const [, role] = only(deployedResources(byDefault.template), 'AWS::IAM::Role');
    expect(property(role, 'RoleName')).toBe('iam-cert-expiry-prod-us-east-1-rule');
  });

  it('warns when the region is not where AWS Config records IAM server certificates, and only then', () => {
    expect(inEuWest1.output).toContain('Region eu-west-1 does not record AWS::IAM::ServerCertificate');
    expect(inEuWest1.output).toContain('--region us-east-1');
    expect(byDefault.output).not.toContain('does not record');
  });
});

describe('the Config rules', () => {
  it.each([EXPIRED_RULE, EXPIRING_RULE])('gives %s no blank input parameter, which Config refuses', (name) => {
    for (const packaged of [byDefault, withEmail, withTopic, inEuWest1]) {
      const parameters = inputParameters(packaged.template, name);
      // A string, never blank; or the scheduler role's name (a Ref to the role this template creates, never blank).
      const given = (value: unknown): boolean => (typeof value === 'string' ? value.trim() !== '' : JSON.stringify(value) === '{"Ref":"SchedulerRole"}' && packaged.template.Resources['SchedulerRole'] !== undefined);
      for (const [key, value] of Object.entries(parameters)) expect([key, given(value)]).toEqual([key, true]);
    }
    // Every region enabled for the account by default, wherever the stack is deployed: never only the deployment region.
    expect(inputParameters(byDefault.template, name)).toMatchObject({ usageRegions: 'all' });
    expect(inputParameters(inEuWest1.template, name)).toMatchObject({ usageRegions: 'all' });
  });

  it.each([EXPIRED_RULE, EXPIRING_RULE])('scopes %s to IAM server certificates and the rule function', (name) => {
    const rule = configRule(byDefault.template, name);
    const [functionId] = only(deployedResources(byDefault.template), 'AWS::Lambda::Function');
    expect(property(rule, 'Scope')).toEqual({ ComplianceResourceTypes: ['AWS::IAM::ServerCertificate'] });
    expect(property(rule, 'Source.Owner')).toBe('CUSTOM_LAMBDA');
    expect(property(rule, 'Source.SourceIdentifier')).toEqual({ 'Fn::GetAtt': [functionId, 'Arn'] });
  });

  it.each([EXPIRED_RULE, EXPIRING_RULE])('triggers %s every 24 hours and on (oversized) configuration changes', (name) => {
    expect(property(configRule(byDefault.template, name), 'Source.SourceDetails')).toEqual([
      { EventSource: 'aws.config', MessageType: 'ScheduledNotification', MaximumExecutionFrequency: 'TwentyFour_Hours' },
      { EventSource: 'aws.config', MessageType: 'ConfigurationItemChangeNotification' },
      { EventSource: 'aws.config', MessageType: 'OversizedConfigurationItemChangeNotification' },
    ]);
  });

  it('flags only expired certificates in the expired rule and a 30-day window in the expiring rule by default', () => {
    expect(inputParameters(byDefault.template, EXPIRED_RULE)).toMatchObject({ daysToExpiration: '0' });
    expect(inputParameters(byDefault.template, EXPIRING_RULE)).toMatchObject({ daysToExpiration: '30' });
  });

  it('applies the window and frequency parameters when given', () => {
    expect(inputParameters(withEmail.template, EXPIRING_RULE)).toMatchObject({ daysToExpiration: '14' });
    expect(inputParameters(withEmail.template, EXPIRED_RULE)).toMatchObject({ daysToExpiration: '0' });
    for (const name of [EXPIRED_RULE, EXPIRING_RULE]) {
      const details = property<Array<Record<string, string>>>(configRule(withEmail.template, name), 'Source.SourceDetails');
      expect(details.find((detail) => detail['MessageType'] === 'ScheduledNotification')).toMatchObject({
        MaximumExecutionFrequency: 'Six_Hours',
      });
    }
  });

  it('names the Security Hub control and every CIS edition with its number in each description, within 256 characters', () => {
    for (const name of [EXPIRED_RULE, EXPIRING_RULE]) {
      const description = property<string>(configRule(byDefault.template, name), 'Description');
      expect(description).toContain(`Security Hub ${SECURITY_HUB_CONTROL}`);
      expect(description).toContain(cisReference());
      // ConfigRule.Description: EmptiableStringWithCharLimit256 (AWS Config API model); 30 days here, at most 2 digits more.
      expect(description.length).toBeLessThanOrEqual(256 - 2);
    }
  });

  it('lets only AWS Config of this account invoke the function, before either rule is created', () => {
    const resources = deployedResources(byDefault.template);
    const [functionId] = only(resources, 'AWS::Lambda::Function');
    const [permissionId, permission] = only(resources, 'AWS::Lambda::Permission');
    expect(permission.Properties).toEqual({
      FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
      Action: 'lambda:InvokeFunction',
      Principal: 'config.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
    for (const name of [EXPIRED_RULE, EXPIRING_RULE]) {
      expect([configRule(byDefault.template, name).DependsOn].flat()).toContain(permissionId);
    }
  });
});

/** The policies that exist only when a feature is on (usage check, organization roll-out). */
function conditionalStatements(template: Template): Statement[] {
  const policies = resourcesOfType(deployedResources(template), 'AWS::IAM::Policy');
  return policies.flatMap(([, policy]) => property<Statement[]>(policy, 'PolicyDocument.Statement'));
}

function conditionalActions(template: Template): string[] {
  return conditionalStatements(template).flatMap(actionsOf);
}

/** The actions of one conditional policy, when it is deployed. */
function policyActions(template: Template, id: string): string[] {
  return resourcesOfType(deployedResources(template), 'AWS::IAM::Policy')
    .filter(([policyId]) => policyId === id)
    .flatMap(([, policy]) => property<Statement[]>(policy, 'PolicyDocument.Statement'))
    .flatMap(actionsOf);
}

describe('tag overrides (issue 21)', () => {
  it('passes tagOverrides and maxExceptionDays to both rules only when tagOverrides is true', () => {
    for (const name of [EXPIRED_RULE, EXPIRING_RULE]) {
      expect(inputParameters(withEmail.template, name)).toMatchObject({ tagOverrides: 'true', maxExceptionDays: '45' });
      for (const packaged of [byDefault, withTopic]) {
        expect(inputParameters(packaged.template, name)).not.toHaveProperty('tagOverrides');
        expect(inputParameters(packaged.template, name)).not.toHaveProperty('maxExceptionDays');
      }
    }
    expect(inputParameters(withEmail.template, EXPIRED_RULE)).toMatchObject({ daysToExpiration: '0' });
  });

  it('grants iam:ListServerCertificateTags, on this account\'s server certificates, only when tagOverrides is true', () => {
    expect(policyActions(withEmail.template, 'TagOverridesPolicy')).toEqual(['iam:ListServerCertificateTags']);
    expect(policyActions(byDefault.template, 'TagOverridesPolicy')).toEqual([]);
    expect(policyActions(withTopic.template, 'TagOverridesPolicy')).toEqual([]);
    const [statement] = resourcesOfType(deployedResources(withEmail.template), 'AWS::IAM::Policy')
      .filter(([id]) => id === 'TagOverridesPolicy')
      .flatMap(([, policy]) => property<Statement[]>(policy, 'PolicyDocument.Statement'));
    expect(JSON.stringify(statement?.Resource)).toContain(':server-certificate/*');
  });

  it('fails, naming the rule and the parameter, for a maxExceptionDays or tagOverrides the rule would refuse', async () => {
    const failure = packageService(serviceDir, 'bad-tag-overrides', ['--param=tagOverrides=yes', '--param=maxExceptionDays=400', '--param=expiryEvents=on', '--param=eventBusArn=central']);
    await expect(failure).rejects.toMatchObject({
      stdout: expect.stringMatching(/tagOverrides must be 'true' or 'false', got "yes"; iam-server-certificate-expired: maxExceptionDays must be an integer from 1 to 365, got "400"/),
    });
    // Expiry events (issue 21 part 1): the switch and the bus are checked the same way, in the same run.
    await expect(failure).rejects.toMatchObject({
      stdout: expect.stringContaining(`expiryEvents must be 'true' or 'false', got "on"; tagOverrides must be`),
    });
    await expect(failure).rejects.toMatchObject({
      stdout: expect.stringContaining(`iam-server-certificate-expiring: eventBusArn must be 'default' or an EventBridge event bus ARN (arn:<partition>:events:<region>:<account>:event-bus/<name>), got "central"`),
    });
  });
});

describe('expiry events (issue 21 part 1)', () => {
  it('turns expiry events on for the expiring rule only, with the bus when one is named', () => {
    expect(inputParameters(withEmail.template, EXPIRING_RULE)).toMatchObject({ expiryEvents: 'true' });
    expect(inputParameters(withEmail.template, EXPIRING_RULE)).not.toHaveProperty('eventBusArn');
    expect(inputParameters(withTopic.template, EXPIRING_RULE)).toMatchObject({ expiryEvents: 'true', eventBusArn: CENTRAL_BUS, securityHubFindings: 'true' });
    for (const packaged of [withEmail, withTopic, byDefault]) {
      expect(inputParameters(packaged.template, EXPIRED_RULE)).not.toHaveProperty('expiryEvents');
      expect(inputParameters(packaged.template, EXPIRED_RULE)).not.toHaveProperty('eventBusArn');
    }
    expect(inputParameters(byDefault.template, EXPIRING_RULE)).not.toHaveProperty('expiryEvents');
  });

  it('names owners and the runbook in expiry events without Security Hub findings: ownerTagKey and runbookUrl to the expiring rule only, with the tag reads', async () => {
    const runbook = 'https://wiki.example.com/runbooks/iam-certificates';
    const packaged = await packageService(serviceDir, 'events-only', ['--param=expiryEvents=true', '--param=ownerTagKey=team', `--param=runbookUrl=${runbook}`]);
    const expiring = inputParameters(packaged.template, EXPIRING_RULE);
    expect(expiring).toMatchObject({ expiryEvents: 'true', ownerTagKey: 'team', runbookUrl: runbook });
    expect(expiring).not.toHaveProperty('securityHubFindings');
    expect(inputParameters(packaged.template, EXPIRED_RULE)).not.toHaveProperty('ownerTagKey');
    expect(policyActions(packaged.template, 'TagOverridesPolicy')).toEqual(['iam:ListServerCertificateTags']);
  });

  it('grants events:PutEvents, exactly what the code calls, on exactly the bus the events go to, only when expiryEvents is true', () => {
    const statementsOf = (template: Template): Statement[] =>
      resourcesOfType(deployedResources(template), 'AWS::IAM::Policy')
        .filter(([id]) => id === 'ExpiryEventsPolicy')
        .flatMap(([, policy]) => property<Statement[]>(policy, 'PolicyDocument.Statement'));
    expect(statementsOf(byDefault.template)).toEqual([]);
    const source = { StringEquals: { 'events:source': EXPIRY_EVENT_SOURCE }, 'ForAllValues:StringEquals': { 'events:detail-type': Object.values(ExpiryDetailType) } };
    expect(statementsOf(withTopic.template)).toEqual([{ Effect: 'Allow', Action: [...EXPIRY_EVENTS_IAM_ACTIONS], Resource: CENTRAL_BUS, Condition: source }]);
    expect(statementsOf(withEmail.template)).toEqual([
      {
        Effect: 'Allow',
        Action: ['events:PutEvents'],
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':event-bus/default']] },
        Condition: source,
      },
    ]);
    expect(EXPIRY_EVENTS_IAM_ACTIONS.every((action) => actionsCalledBy(join(PROJECT_ROOT, 'src/handler.ts')).has(action))).toBe(true);
  });
});

// --- evaluateAtExpiry (issue 21 part 3) ---
describe('evaluateAtExpiry', () => {
  const resourcesOf = (template: Template) => deployedResources(template);

  it('passes evaluateAtExpiry, the scheduler role and a schedule group other than default to both rules only when evaluateAtExpiry is true', () => {
    for (const name of [EXPIRED_RULE, EXPIRING_RULE]) {
      expect(inputParameters(withEmail.template, name)).toMatchObject({ evaluateAtExpiry: 'true', schedulerRole: { Ref: 'SchedulerRole' }, scheduleGroup: 'cert-expiry' });
      for (const packaged of [byDefault, withTopic]) {
        for (const key of ['evaluateAtExpiry', 'schedulerRole', 'scheduleGroup']) expect(inputParameters(packaged.template, name)).not.toHaveProperty(key);
      }
    }
    expect(resourcesOf(byDefault.template)['SchedulerRole']).toBeUndefined();
    expect(resourcesOf(byDefault.template)['EvaluationSchedulePolicy']).toBeUndefined();
  });

  it('grants the function exactly the schedule calls the code makes, on the two rules\' schedules in the group, and iam:PassRole of the scheduler role to Scheduler only', () => {
    const called = actionsCalledBy(join(PROJECT_ROOT, 'src/handler.ts'));
    expect(EVALUATION_SCHEDULE_IAM_ACTIONS.every((action) => called.has(action))).toBe(true);
    const statements = property<Statement[]>(resourcesOf(withEmail.template)['EvaluationSchedulePolicy'] as Resource, 'PolicyDocument.Statement');
    const schedule = (rule: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:schedule/cert-expiry/${scheduleNameFor(rule)}`]],
    });
    expect(statements).toEqual([
      { Effect: 'Allow', Action: [...EVALUATION_SCHEDULE_IAM_ACTIONS], Resource: [schedule(EXPIRED_RULE), schedule(EXPIRING_RULE)] },
      { Effect: 'Allow', Action: ['iam:PassRole'], Resource: { 'Fn::GetAtt': ['SchedulerRole', 'Arn'] }, Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } } },
    ]);
    expect(property(resourcesOf(withEmail.template)['EvaluationSchedulePolicy'] as Resource, 'Roles')).toEqual([{ Ref: 'IamRoleLambdaExecution' }]);
  });

  it('alarms on the schedule group\'s dropped Scheduler invocations (AWS/Scheduler InvocationDroppedCount) only with evaluateAtExpiry', () => {
    expect(deployedResources(byDefault.template)['SchedulerDroppedAlarm']).toBeUndefined();
    const alarm = deployedResources(withEmail.template)['SchedulerDroppedAlarm'] as Resource;
    expect(alarm.Properties).toMatchObject(schedulerDroppedAlarm('cert-expiry'));
  });

  it('lets the function write exactly the two schedule names the rule computes for the rules serverless.yml creates', () => {
    const rules = resourcesOfType(deployedResources(withEmail.template), 'AWS::Config::ConfigRule').map(([, rule]) => String(property(rule, 'ConfigRuleName')));
    const [keep] = property<Statement[]>(resourcesOf(withEmail.template)['EvaluationSchedulePolicy'] as Resource, 'PolicyDocument.Statement');
    const names = (keep?.Resource as Array<{ 'Fn::Join': [string, unknown[]] }>).map((arn) => String(arn['Fn::Join'][1].at(-1)).split('/').pop());
    expect(names).toEqual(rules.map(scheduleNameFor));
  });

  it('creates the scheduler role, trusted by this account\'s EventBridge Scheduler only, allowed to start the two rules\' evaluations and nothing else', () => {
    const role = resourcesOf(withEmail.template)['SchedulerRole'] as Resource;
    expect(role.Type).toBe('AWS::IAM::Role');
    expect(role.Properties).toEqual({
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Action: 'sts:AssumeRole',
            // Confused deputy: this account's Scheduler, for schedules of the one group (Scheduler User Guide, "Confused deputy prevention").
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnEquals: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':schedule-group/cert-expiry']] } },
            },
          },
        ],
      },
    });
    const policy = resourcesOf(withEmail.template)['SchedulerRolePolicy'] as Resource;
    expect(policy.Properties).toEqual({
      RoleName: { Ref: 'SchedulerRole' },
      PolicyName: 'start-rule-evaluations',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['config:StartConfigRulesEvaluation'],
            Resource: [{ 'Fn::GetAtt': ['ExpiredCertificateRule', 'Arn'] }, { 'Fn::GetAtt': ['ExpiringCertificateRule', 'Arn'] }],
          },
        ],
      },
    });
  });

  it('counts the scheduler role\'s name, a Ref in the template, as 64 characters (IAM\'s longest) in the rules\' input parameters', async () => {
    const regions = Array.from({ length: 15 }, (_, index) => `ap-southeast-${index + 1}`).join(',');
    const base = (runbook: number) => ({ daysToExpiration: '30', checkUsage: 'true', usageRegions: regions, securityHubFindings: 'true', ownerTagKey: 'o'.repeat(128), runbookUrl: `https://wiki.example.com/${'r'.repeat(runbook)}` });
    // 940 characters: with the Ref's own 23 characters it would fit (1,006), with a 64-character name it does not.
    const runbook = 487 - (JSON.stringify(base(487)).length - 940);
    const scheduled = { ...base(runbook), evaluateAtExpiry: 'true', schedulerRole: 'r'.repeat(64) };
    expect([JSON.stringify(base(runbook)).length, JSON.stringify({ ...scheduled, schedulerRole: { Ref: 'SchedulerRole' } }).length <= 1024, JSON.stringify(scheduled).length]).toEqual([940, true, 1049]);
    const params = ['--param=checkUsage=true', `--param=usageRegions=${regions}`, '--param=securityHubFindings=true', `--param=ownerTagKey=${'o'.repeat(128)}`, `--param=runbookUrl=https://wiki.example.com/${'r'.repeat(runbook)}`];
    await expect(packageService(serviceDir, 'long-with-schedule', [...params, '--param=evaluateAtExpiry=true'])).rejects.toMatchObject({
      stdout: expect.stringContaining('(iam-server-certificate-expiring: 1049 characters'),
    });
  });

  it('packages expiry events and evaluateAtExpiry together with every value at the one-account stack\'s bounds, within Config\'s 1,024 characters', async () => {
    // The bounds of docs/parameters.md ("How long the parameters may be"): 159 of usageRegions' 160, runbookUrl 256,
    // ownerTagKey 128, eventBusArn 100, scheduleGroup 32, and the scheduler role's name counted at 64.
    const longest = LONGEST_RULE_VALUES;
    const packaged = await packageService(serviceDir, 'longest-both', Object.entries(longest).map(([key, value]) => `--param=${key}=${value}`));
    const expiring = inputParameters(packaged.template, EXPIRING_RULE);
    expect(expiring).toMatchObject({ expiryEvents: 'true', eventBusArn: longest.eventBusArn, evaluateAtExpiry: 'true', schedulerRole: { Ref: 'SchedulerRole' }, scheduleGroup: longest.scheduleGroup });
    // The same 1,016 characters as the stack's with these values (tests/templates/member-account-stack.test.ts, M8).
    expect(JSON.stringify({ ...expiring, schedulerRole: 'r'.repeat(64) }).length).toBe(1016);
  });

  it('fails, saying why, for an evaluateAtExpiry or scheduleGroup the rule would refuse', async () => {
    const failure = packageService(serviceDir, 'bad-schedule', ['--param=evaluateAtExpiry=yes', '--param=scheduleGroup=my group']);
    await expect(failure).rejects.toMatchObject({
      stdout: expect.stringMatching(/evaluateAtExpiry must be 'true' or 'false', got "yes"; iam-server-certificate-expired: scheduleGroup must be an EventBridge Scheduler schedule group name/),
    });
  });
});
// --- end evaluateAtExpiry ---

describe('Security Hub findings', () => {
  const policyOf = (template: Template): Statement[] =>
    resourcesOfType(deployedResources(template), 'AWS::IAM::Policy')
      .filter(([id]) => id === 'SecurityHubFindingsPolicy')
      .flatMap(([, policy]) => property<Statement[]>(policy, 'PolicyDocument.Statement'));

  it('grants the findings calls, exactly those the code makes, only when securityHubFindings is true', () => {
    expect(policyOf(byDefault.template)).toEqual([]);
    const actions = policyOf(withTopic.template).flatMap(actionsOf).sort();
    expect(actions).toEqual([...SECURITY_HUB_FINDINGS_IAM_ACTIONS].sort());
    const called = actionsCalledBy(join(PROJECT_ROOT, 'src/handler.ts'));
    expect(SECURITY_HUB_FINDINGS_IAM_ACTIONS.every((action) => called.has(action))).toBe(true);
  });

  it('limits the import to the account\'s own default product and tags to its server certificates', () => {
    const byAction = new Map(policyOf(withTopic.template).flatMap((statement) => actionsOf(statement).map((action) => [action, JSON.stringify(statement.Resource)])));
    expect(byAction.get('securityhub:BatchImportFindings')).toContain(':product/');
    expect(byAction.get('securityhub:BatchImportFindings')).toContain('/default');
    expect(byAction.get('securityhub:GetFindings')).toContain(':hub/default');
    expect(byAction.get('iam:ListServerCertificateTags')).toContain(':server-certificate/*');
  });

  it('turns findings on for the expiring rule only, owners for both, with the runbook link', () => {
    expect(inputParameters(withTopic.template, EXPIRING_RULE)).toMatchObject({
      securityHubFindings: 'true',
      ownerTagKey: 'owner',
      runbookUrl: 'https://wiki.example.com/runbooks/iam-certificates',
    });
    expect(inputParameters(withTopic.template, EXPIRED_RULE)).toMatchObject({ ownerTagKey: 'owner' });
    expect(inputParameters(withTopic.template, EXPIRED_RULE)).not.toHaveProperty('securityHubFindings');
    for (const name of [EXPIRED_RULE, EXPIRING_RULE]) {
      expect(inputParameters(byDefault.template, name)).not.toHaveProperty('securityHubFindings');
      expect(inputParameters(byDefault.template, name)).not.toHaveProperty('ownerTagKey');
    }
  });
});

describe('the function role', () => {
  const called = (): Set<string> => actionsCalledBy(join(PROJECT_ROOT, 'src/handler.ts'));
  const optional = new Set<string>([...USAGE_SCAN_IAM_ACTIONS, ...SECURITY_HUB_FINDINGS_IAM_ACTIONS, ...EXPIRY_EVENTS_IAM_ACTIONS, ...EVALUATION_SCHEDULE_IAM_ACTIONS, ASSUME_ROLE]);

  it('grants exactly the IAM actions the code bundled from src/handler.ts calls, but for the optional features', () => {
    const always = [...called()].filter((action) => !optional.has(action));
    expect(always.length).toBeGreaterThan(0);
    expect([...ruleActions(byDefault.template)].sort()).toEqual(always.sort());
    expect(conditionalActions(byDefault.template)).toEqual([]);
  });

  it('grants the usage check’s actions, exactly those its code calls, only when checkUsage is true', () => {
    expect([...USAGE_SCAN_IAM_ACTIONS].every((action) => called().has(action))).toBe(true);
    expect(policyActions(withEmail.template, 'UsageCheckPolicy').sort()).toEqual([...USAGE_SCAN_IAM_ACTIONS].sort());
    const granted = new Set([...ruleActions(withEmail.template), ...conditionalActions(withEmail.template)]);
    const elsewhere = new Set<string>([ASSUME_ROLE, ...SECURITY_HUB_FINDINGS_IAM_ACTIONS]);
    expect(policyActions(withEmail.template, 'ExpiryEventsPolicy')).toEqual([...EXPIRY_EVENTS_IAM_ACTIONS]);
    expect([...called()].filter((action) => !granted.has(action) && !elsewhere.has(action))).toEqual([]);
  });

  it('grants sts:AssumeRole only for an organization roll-out, on the member role by name, within the Organization', () => {
    expect(called().has(ASSUME_ROLE)).toBe(true);
    expect(conditionalStatements(withTopic.template).filter((statement) => actionsOf(statement).includes(ASSUME_ROLE))).toEqual([
      {
        Effect: 'Allow',
        Action: [ASSUME_ROLE],
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/IamServerCertificateExpiryRule']] },
        Condition: { StringEquals: { 'aws:ResourceOrgID': ORGANIZATION_ID } },
      },
    ]);
    expect(conditionalStatements(byDefault.template)).toEqual([]);
    expect(ruleActions(byDefault.template).has(ASSUME_ROLE)).toBe(false);
  });

  it('passes checkUsage and usageRegions to both rules', () => {
    for (const name of [EXPIRED_RULE, EXPIRING_RULE]) {
      expect(inputParameters(withEmail.template, name)).toMatchObject({
        checkUsage: 'true',
        usageRegions: 'us-east-1,eu-west-1',
      });
      expect(inputParameters(byDefault.template, name)).toMatchObject({ checkUsage: 'false' });
    }
  });

  it('grants no wildcard action', () => {
    const actions = roleStatements(byDefault.template).flatMap(actionsOf);
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);
    expect(roleStatements(byDefault.template).every((statement) => statement.Effect === 'Allow')).toBe(true);
  });

  it('limits iam:GetServerCertificate to server certificates of this account', () => {
    const statement = roleStatements(byDefault.template).find((s) => actionsOf(s).includes('iam:GetServerCertificate'));
    expect(statement?.Resource).toEqual([
      {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':server-certificate/*']],
      },
    ]);
  });
});

describe('alerting', () => {
  it('creates no topic, subscription or EventBridge rule when neither email nor topic is given', () => {
    expect(alertingTypes(byDefault.template)).toEqual([]);
  });

  it('keeps the errors alarm without actions when alerting is off', () => {
    const [, alarm] = only(deployedResources(byDefault.template), 'AWS::CloudWatch::Alarm');
    const [functionId] = only(deployedResources(byDefault.template), 'AWS::Lambda::Function');
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(alarm.Properties).not.toHaveProperty('AlarmActions');
  });

  it('sends the errors alarm to the alert topic when alerting is on', () => {
    const [topicId] = only(deployedResources(withEmail.template), 'AWS::SNS::Topic');
    // With evaluateAtExpiry (withEmail), the Scheduler alarm too: both to the topic.
    const alarms = resourcesOfType(deployedResources(withEmail.template), 'AWS::CloudWatch::Alarm');
    expect(alarms.map(([id]) => id).sort()).toEqual(['RuleErrorsAlarm', 'SchedulerDroppedAlarm']);
    for (const [, alarm] of alarms) expect(property(alarm, 'AlarmActions')).toEqual([{ Ref: topicId }]);
    const [, topicAlarm] = only(deployedResources(withTopic.template), 'AWS::CloudWatch::Alarm');
    expect(property(topicAlarm, 'AlarmActions')).toEqual([ALERT_TOPIC_ARN]);
  });

  it('creates a topic, its policy, an email subscription and an EventBridge rule when an email is given', () => {
    expect(alertingTypes(withEmail.template).sort()).toEqual(
      ['AWS::Events::Rule', 'AWS::SNS::Subscription', 'AWS::SNS::Topic', 'AWS::SNS::TopicPolicy'].sort(),
    );
    const [, subscription] = only(deployedResources(withEmail.template), 'AWS::SNS::Subscription');
    expect(property(subscription, 'Endpoint')).toBe('ops@example.com');
    expect(property(subscription, 'Protocol')).toBe('email');
  });

  it('matches only NON_COMPLIANT compliance changes of the two rules', () => {
    const resources = deployedResources(withEmail.template);
    const [, eventRule] = only(resources, 'AWS::Events::Rule');
    const ruleIds = resourcesOfType(resources, 'AWS::Config::ConfigRule').map(([id]) => ({ Ref: id }));
    expect(property(eventRule, 'EventPattern')).toEqual({
      source: ['aws.config'],
      'detail-type': ['Config Rules Compliance Change'],
      detail: { configRuleName: ruleIds, newEvaluationResult: { complianceType: ['NON_COMPLIANT'] } },
    });
  });

  it('sends a message a person can act on: certificate, account, rule, the annotation (days left, what to do, owner) and the runbook', () => {
    const [, eventRule] = only(deployedResources(withEmail.template), 'AWS::Events::Rule');
    const [target] = property<Array<{ InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string } }>>(
      eventRule,
      'Targets',
    );
    expect(target?.InputTransformer.InputPathsMap).toMatchObject({
      rule: '$.detail.configRuleName',
      resourceId: '$.detail.resourceId',
      annotation: '$.detail.newEvaluationResult.annotation',
    });
    const message = target?.InputTransformer.InputTemplate ?? '';
    for (const placeholder of ['<rule>', '<resourceId>', '<annotation>', '<account>']) expect(message).toContain(placeholder);
    expect(message).toContain('Runbook: https://');
    // An SNS target gets the template as JSON: a quoted string stays plain text.
    expect(typeof JSON.parse(message.replace(/<\w+>/g, 'x'))).toBe('string');
  });

  it('sends NON_COMPLIANT events to the topic it creates when an email is given', () => {
    const resources = deployedResources(withEmail.template);
    const [topicId] = only(resources, 'AWS::SNS::Topic');
    const [, eventRule] = only(resources, 'AWS::Events::Rule');
    expect(property<Array<{ Arn: unknown }>>(eventRule, 'Targets')[0]?.Arn).toEqual({ Ref: topicId });
  });

  it('lets EventBridge publish to the topic it creates', () => {
    const resources = deployedResources(withEmail.template);
    const [topicId] = only(resources, 'AWS::SNS::Topic');
    const [, policy] = only(resources, 'AWS::SNS::TopicPolicy');
    expect(property(policy, 'Topics')).toEqual([{ Ref: topicId }]);
    expect(property(policy, 'PolicyDocument.Statement')).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        // Only this stack's EventBridge rule may publish, not any account's.
        Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['NonCompliantAlertRule', 'Arn'] } } },
      }),
    );
  });

  it('targets an existing topic, creating no topic or policy of its own, when a topic ARN is given', () => {
    expect(alertingTypes(withTopic.template)).toEqual(['AWS::Events::Rule']);
    const [, eventRule] = only(deployedResources(withTopic.template), 'AWS::Events::Rule');
    const [target] = property<Array<{ Arn: unknown }>>(eventRule, 'Targets');
    expect(target?.Arn).toBe(ALERT_TOPIC_ARN);
  });
});
