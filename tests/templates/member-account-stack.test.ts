import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SECURITY_HUB_FINDINGS_IAM_ACTIONS } from '../../src/adapters/security-hub-findings';
import { USAGE_SCAN_IAM_ACTIONS } from '../../src/usage/required-actions';
import { actionsCalledBy } from '../deploy/support/sdk-actions';
import { actionsOf, list, loadTemplate, mapping, refsIn } from './support/cloudformation-yaml';

const ROOT = join(__dirname, '..', '..');
const template = loadTemplate(join(ROOT, 'templates', 'member-account-stack.yml'));
const resources = mapping(template['Resources'], 'Resources');
const parameters = mapping(template['Parameters'], 'Parameters');
const properties = (name: string): Record<string, unknown> => mapping(mapping(resources[name], name)['Properties'], `${name}.Properties`);
const serverless = loadTemplate(join(ROOT, 'serverless.yml'));
const provider = mapping(serverless['provider'], 'provider');

/** What the rule calls in its own account, but the usage check (not offered per account) and AssumeRole (never needed). */
const called = new Set([...actionsCalledBy(join(ROOT, 'src', 'handler.ts'))].filter((action) => action !== 'sts:AssumeRole' && !(USAGE_SCAN_IAM_ACTIONS as readonly string[]).includes(action)));
const findingsActions = new Set<string>(SECURITY_HUB_FINDINGS_IAM_ACTIONS);

describe('templates/member-account-stack.yml (per-account roll-out)', () => {
  it('M1: has no per-account parameter or resource: the same template for every account', () => {
    expect(Object.keys(parameters).sort()).toEqual(['CodeBucket', 'CodeKey', 'DaysToExpiration', 'MaximumExecutionFrequency', 'SecurityHubFindings']);
    expect(JSON.stringify(template)).not.toMatch(/\d{12}/);
  });

  it('M2: crosses no account: no AssumeRole, no foreign principal, invoked only by its own account\'s Config', () => {
    const permissions = JSON.stringify([properties('FunctionRole')['Policies'], properties('SecurityHubFindingsPolicy')]);
    expect(permissions).not.toContain('sts:');
    expect(JSON.stringify(template['Resources'])).not.toMatch(/"Principal":\{"AWS"/);
    const trust = mapping(properties('FunctionRole')['AssumeRolePolicyDocument'] as never, 'trust');
    expect(list(trust['Statement'], 'trust Statement')).toEqual([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    expect(properties('ConfigInvokePermission')).toEqual({
      FunctionName: { 'Fn::GetAtt': ['Function', 'Arn'] },
      Action: 'lambda:InvokeFunction',
      Principal: 'config.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
  });

  it.each(['ExpiredCertificateRule', 'ExpiringCertificateRule'])('M3: scopes %s to the type, on the account\'s function, after the invoke permission', (name) => {
    const rule = mapping(resources[name], name);
    expect(rule['DependsOn']).toBe('ConfigInvokePermission');
    expect(properties(name)['Scope']).toEqual({ ComplianceResourceTypes: ['AWS::IAM::ServerCertificate'] });
    expect(properties(name)['Source']).toMatchObject({ Owner: 'CUSTOM_LAMBDA', SourceIdentifier: { 'Fn::GetAtt': ['Function', 'Arn'] } });
    const triggers = list(mapping(properties(name)['Source'] as never, 'Source')['SourceDetails'], 'SourceDetails');
    expect(triggers).toContainEqual({ EventSource: 'aws.config', MessageType: 'ScheduledNotification', MaximumExecutionFrequency: { Ref: 'MaximumExecutionFrequency' } });
    expect(triggers).toContainEqual({ EventSource: 'aws.config', MessageType: 'OversizedConfigurationItemChangeNotification' });
  });

  it('M4: takes the window from a parameter for the expiring rule, 0 for the expired one', () => {
    const [, onExpiring, offExpiring] = (properties('ExpiringCertificateRule')['InputParameters'] as { 'Fn::If': [string, Record<string, unknown>, Record<string, unknown>] })['Fn::If'];
    const [, onExpired, offExpired] = (properties('ExpiredCertificateRule')['InputParameters'] as { 'Fn::If': [string, Record<string, unknown>, Record<string, unknown>] })['Fn::If'];
    expect(offExpiring).toEqual({ daysToExpiration: { Ref: 'DaysToExpiration' } });
    expect(onExpiring).toEqual({ daysToExpiration: { Ref: 'DaysToExpiration' }, securityHubFindings: 'true', ownerTagKey: 'owner' });
    expect(offExpired).toEqual({ daysToExpiration: '0' });
    expect(onExpired).toEqual({ daysToExpiration: '0', ownerTagKey: 'owner' });
  });

  it('M5: grants exactly what the rule calls in its account, the findings calls only with SecurityHubFindings', () => {
    const inline = list(properties('FunctionRole')['Policies'] as never, 'Policies').flatMap((policy) =>
      list(mapping(mapping(policy, 'policy')['PolicyDocument'], 'PolicyDocument')['Statement'], 'Statement'),
    );
    const always = new Set(inline.flatMap(actionsOf).filter((action) => !action.startsWith('logs:')));
    const findingsPolicy = mapping(resources['SecurityHubFindingsPolicy'], 'SecurityHubFindingsPolicy');
    const whenFindings = new Set(list(mapping(properties('SecurityHubFindingsPolicy')['PolicyDocument'] as never, 'doc')['Statement'], 'Statement').flatMap(actionsOf));
    expect([...always].sort()).toEqual([...called].filter((action) => !findingsActions.has(action)).sort());
    expect([...whenFindings].sort()).toEqual([...findingsActions].sort());
    expect(findingsPolicy['Condition']).toBe('SecurityHubFindingsEnabled');
    expect(inline.flatMap(actionsOf).filter((action) => action.includes('*'))).toEqual([]);
  });

  it('M6: runs the function as serverless.yml deploys it: runtime, architecture, memory, timeout, Node.js flags', () => {
    const fn = properties('Function');
    const deployedFlags = (JSON.parse(readFileSync(join(ROOT, 'scripts', 'lambda-environment.json'), 'utf8')) as { NODE_OPTIONS: string }).NODE_OPTIONS;
    expect(fn).toMatchObject({
      Runtime: provider['runtime'],
      Architectures: [provider['architecture']],
      MemorySize: provider['memorySize'],
      Timeout: provider['timeout'],
      Handler: 'src/handler.handler',
      Code: { S3Bucket: { Ref: 'CodeBucket' }, S3Key: { Ref: 'CodeKey' } },
      Environment: { Variables: { NODE_OPTIONS: deployedFlags } },
    });
  });

  it('M7: references only declared parameters, resources and pseudo parameters', () => {
    const declared = new Set([...Object.keys(parameters), ...Object.keys(resources)]);
    expect(refsIn(template['Resources']).filter((name) => !declared.has(name) && !name.startsWith('AWS::'))).toEqual([]);
  });
});

describe('templates/artifact-bucket.yml', () => {
  const bucket = loadTemplate(join(ROOT, 'templates', 'artifact-bucket.yml'));
  const bucketResources = mapping(bucket['Resources'], 'Resources');

  it('B1: lets only principals of the Organization read the code, over TLS, and nothing be public', () => {
    const policy = mapping(mapping(mapping(bucketResources['BucketPolicy'], 'BucketPolicy')['Properties'], 'props')['PolicyDocument'], 'doc');
    const [read, tls] = list(policy['Statement'], 'Statement').map((statement) => mapping(statement, 'statement'));
    expect(read).toMatchObject({ Effect: 'Allow', Action: 's3:GetObject', Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } } });
    expect(tls).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    const access = mapping(mapping(mapping(bucketResources['Bucket'], 'Bucket')['Properties'], 'props')['PublicAccessBlockConfiguration'], 'pab');
    expect(Object.values(access).every((value) => value === true)).toBe(true);
  });
});
