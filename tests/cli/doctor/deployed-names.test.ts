import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultLogGroupOf, DEFAULT_CONFORMANCE_PACK } from '../../../src/cli/doctor/read-deployment';
import { DEFAULT_RULE_NAMES } from '../../../src/core/deployed-rule-names';
import { loadTemplate, mapping, type TemplateValue } from '../../../scripts/cloudformation-yaml';

const ROOT = join(__dirname, '..', '..', '..');

function ruleNames(file: string): string[] {
  const template = loadTemplate(join(ROOT, file));
  // serverless.yml nests the CloudFormation resources under `resources:`.
  const resources = mapping(template['Resources'] ?? mapping(template['resources'], 'resources')['Resources'], `${file} Resources`);
  return Object.values(resources)
    .map((resource) => mapping(resource as TemplateValue, 'resource'))
    .filter((resource) => resource['Type'] === 'AWS::Config::ConfigRule')
    .map((resource) => String(mapping(resource['Properties'], 'Properties')['ConfigRuleName']))
    .sort();
}

describe('the names doctor looks for', () => {
  it.each(['serverless.yml', 'templates/member-account-stack.yml', 'templates/conformance-pack.yml'])('are the rule names %s deploys', (file) => {
    expect(ruleNames(file)).toEqual([...DEFAULT_RULE_NAMES].sort());
  });

  it('search Lambda\'s default log group, which serverless.yml leaves its function; the per-account stack names its own group in the LogGroupName output --log-group takes', () => {
    const serverless = loadTemplate(join(ROOT, 'serverless.yml'));
    const rule = mapping(mapping(serverless['functions'], 'functions')['rule'], 'functions.rule');
    // No logs setting: the Serverless Framework's group is Lambda's default, /aws/lambda/<function name>.
    expect(rule['logs']).toBeUndefined();
    expect(defaultLogGroupOf('iam-server-certificate-expiry-rule-prod-rule')).toBe('/aws/lambda/iam-server-certificate-expiry-rule-prod-rule');

    const stack = loadTemplate(join(ROOT, 'templates/member-account-stack.yml'));
    const resources = mapping(stack['Resources'], 'Resources');
    const logging = mapping(mapping(mapping(resources['Function'], 'Function')['Properties'], 'Properties')['LoggingConfig'], 'LoggingConfig');
    expect(logging['LogGroup']).toEqual({ Ref: 'LogGroup' });
    expect(mapping(mapping(stack['Outputs'], 'Outputs')['LogGroupName'], 'LogGroupName')['Value']).toEqual({ Ref: 'LogGroup' });
  });

  it('include the organization conformance pack under the name the docs deploy it as', () => {
    expect(readFileSync(join(ROOT, 'templates/conformance-pack.yml'), 'utf8')).toContain(`--organization-conformance-pack-name ${DEFAULT_CONFORMANCE_PACK} `);
  });
});
