/**
 * scripts/serverless-deploy-checks.cjs on compiled templates written by hand:
 * what it cannot bound in a rule's InputParameters fails the package (fail
 * closed), rather than counting as the few characters of its JSON text.
 */
import { join } from 'node:path';

interface DeployChecksPlugin {
  checkTemplate(): void;
}
type DeployChecksClass = new (serverless: unknown, options: unknown, utils: unknown) => DeployChecksPlugin;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the plugin is plain CommonJS
const DeployChecks = require(join(__dirname, '..', '..', 'scripts', 'serverless-deploy-checks.cjs')) as DeployChecksClass;

class PackagingError extends Error {}

/** The plugin, as osls hands it a compiled template with one Config rule taking `inputParameters`. */
function pluginFor(inputParameters: unknown, resources: Record<string, unknown> = {}): DeployChecksPlugin {
  const template = {
    Resources: {
      ...resources,
      ExpiredRule: { Type: 'AWS::Config::ConfigRule', Properties: { ConfigRuleName: 'iam-cert-expired', InputParameters: inputParameters } },
    },
    Conditions: {},
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
