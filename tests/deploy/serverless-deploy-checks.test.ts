/**
 * scripts/serverless-deploy-checks.cjs on compiled templates written by hand:
 * what it cannot bound in a rule's InputParameters fails the package (fail
 * closed), rather than counting as the few characters of its JSON text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface DeployChecksPlugin {
  checkTemplate(): void;
}
type DeployChecksClass = new (serverless: unknown, options: unknown, utils: unknown) => DeployChecksPlugin;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the plugin is plain CommonJS
const DeployChecks = require(join(__dirname, '..', '..', 'scripts', 'serverless-deploy-checks.cjs')) as DeployChecksClass;

class PackagingError extends Error {}

/** The plugin, as osls hands it a compiled template with one Config rule taking `inputParameters`. */
function pluginFor(inputParameters: unknown, resources: Record<string, unknown> = {}, conditions: Record<string, unknown> = {}): DeployChecksPlugin {
  const template = {
    Resources: {
      ...resources,
      ExpiredRule: { Type: 'AWS::Config::ConfigRule', Properties: { ConfigRuleName: 'iam-cert-expired', InputParameters: inputParameters } },
    },
    Conditions: conditions,
  };
  const serverless = { service: { provider: { compiledCloudFormationTemplate: template } }, classes: { Error: PackagingError } };
  return new DeployChecks(serverless, {}, { log: { warning: () => undefined } });
}

describe('serverless-deploy-checks: InputParameters length', () => {
  it('passes short literal parameters and a Ref of an IAM role (64 characters at most)', () => {
    const plugin = pluginFor({ daysToExpiration: '30', schedulerRole: { Ref: 'SchedulerRole' } }, { SchedulerRole: { Type: 'AWS::IAM::Role' } });
    expect(() => plugin.checkTemplate()).not.toThrow();
  });

  it.each([
    ['a Ref of a template parameter', { Ref: 'RunbookUrl' }, 'Ref RunbookUrl'],
    ['a Ref of a resource with no known bound', { Ref: 'Topic' }, 'Ref Topic'],
    ['Fn::Sub', { 'Fn::Sub': 'https://${Domain}/runbook' }, 'Fn::Sub'],
    ['Fn::GetAtt', { 'Fn::GetAtt': ['Topic', 'TopicName'] }, 'Fn::GetAtt'],
    ['a variable Serverless left unresolved', '${param:runbookUrl}', 'the unresolved variable ${param:runbookUrl}'],
  ])('refuses %s, naming it: its length is not known', (_what, value, named) => {
    const plugin = pluginFor({ daysToExpiration: '30', runbookUrl: value }, { Topic: { Type: 'AWS::SNS::Topic' } });
    expect(() => plugin.checkTemplate()).toThrow(PackagingError);
    expect(() => plugin.checkTemplate()).toThrow(`iam-cert-expired: length not known (${named} has no known bound`);
  });
});

/** serverless.yml's on/off deploy parameters: each condition `Name: !Equals ['${param:x}', 'true']`, as [condition, parameter]. */
const SERVERLESS_SWITCHES = [...readFileSync(join(__dirname, '..', '..', 'serverless.yml'), 'utf8').matchAll(/^\s+(\w+): !Equals \['\$\{param:(\w+)\}', 'true'\]/gm)].map(
  ([, condition, parameter]) => [condition, parameter] as [string, string],
);

/** The conditions osls compiles from serverless.yml's switches, each deploy parameter written in as `value`. */
const switchesAt = (value: (parameter: string) => string): Record<string, unknown> =>
  Object.fromEntries(SERVERLESS_SWITCHES.map(([condition, parameter]) => [condition, { 'Fn::Equals': [value(parameter), 'true'] }]));

describe('serverless-deploy-checks: on/off deploy parameters', () => {
  it('finds every switch serverless.yml has, the review\'s three included', () => {
    expect(SERVERLESS_SWITCHES.map(([, parameter]) => parameter).sort()).toEqual(['checkUsage', 'evaluateAtExpiry', 'expiryEvents', 'organizationRollout', 'securityHubFindings', 'tagOverrides']);
  });

  it.each(['true', 'false'])('passes every switch at exactly %s', (value) => {
    const plugin = pluginFor({ daysToExpiration: '30' }, {}, switchesAt(() => value));
    expect(() => plugin.checkTemplate()).not.toThrow();
  });

  it.each(['True', 'TRUE', 'False', ' true', 'yes', '1'])('refuses every switch at %j, naming each parameter: CloudFormation would read it as off', (value) => {
    const plugin = pluginFor({ daysToExpiration: '30' }, {}, switchesAt(() => value));
    expect(() => plugin.checkTemplate()).toThrow(PackagingError);
    for (const [, parameter] of SERVERLESS_SWITCHES) {
      expect(() => plugin.checkTemplate()).toThrow(`${parameter} must be 'true' or 'false', got ${JSON.stringify(value)}`);
    }
  });

  it.each([true, 1, null, { Ref: 'Switch' }])('refuses every switch that is not a string (%j): an unquoted YAML true is not known to equal the string', (value) => {
    const plugin = pluginFor({ daysToExpiration: '30' }, {}, Object.fromEntries(SERVERLESS_SWITCHES.map(([condition]) => [condition, { 'Fn::Equals': [value, 'true'] }])));
    for (const [, parameter] of SERVERLESS_SWITCHES) {
      expect(() => plugin.checkTemplate()).toThrow(`${parameter} must be 'true' or 'false', got ${JSON.stringify(value)} (not a string: write it quoted`);
    }
  });

  it('says why a switch in another case is refused', () => {
    const plugin = pluginFor({ daysToExpiration: '30' }, {}, switchesAt((parameter) => (parameter === 'securityHubFindings' ? 'True' : 'false')));
    expect(() => plugin.checkTemplate()).toThrow(
      `Deploy parameters the rule would refuse (securityHubFindings must be 'true' or 'false', got "True" (exactly, in lower case: CloudFormation compares it with 'true', so "True" would quietly mean off))`,
    );
  });

  it('refuses a switch it has no name for, naming its condition (fail closed)', () => {
    const plugin = pluginFor({ daysToExpiration: '30' }, {}, { NewFeature: { 'Fn::Equals': ['On', 'true'] } });
    expect(() => plugin.checkTemplate()).toThrow(`the parameter of condition NewFeature must be 'true' or 'false', got "On"`);
  });
});

describe('serverless-deploy-checks: eventBusArn', () => {
  const withBus = (expiryEvents: string, eventBusArn: string): DeployChecksPlugin =>
    pluginFor({ daysToExpiration: '30' }, {}, {
      ExpiryEvents: { 'Fn::Equals': [expiryEvents, 'true'] },
      NamedEventBus: { 'Fn::Not': [{ 'Fn::Equals': [eventBusArn, 'default'] }] },
    });
  const bus = 'arn:aws:events:us-east-1:999999999999:event-bus/certificate-expiry';

  it('refuses a bus named while expiry events are off: it would be dropped silently', () => {
    expect(() => withBus('false', bus).checkTemplate()).toThrow("eventBusArn is set but expiryEvents is not 'true': no event would be sent");
  });

  it.each([
    ['expiry events on, with a bus', 'true', bus],
    ['expiry events off, the default bus', 'false', 'default'],
    ['expiry events on, the default bus', 'true', 'default'],
  ])('passes %s', (_what, expiryEvents, eventBusArn) => {
    expect(() => withBus(expiryEvents, eventBusArn).checkTemplate()).not.toThrow();
  });
});
