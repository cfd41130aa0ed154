import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { SECURITY_HUB_FINDINGS_IAM_ACTIONS } from '../../src/adapters/security-hub-findings';
import { DEFAULT_RULE_PARAMETERS, ownerTagKeyOf, parseRuleParameters } from '../../src/core/rule-parameters';
import { USAGE_SCAN_IAM_ACTIONS } from '../../src/usage/required-actions';
import { actionsCalledBy } from '../deploy/support/sdk-actions';
import { actionsOf, list, loadTemplate, mapping, refsIn, yamlAliases, type TemplateValue } from './support/cloudformation-yaml';
import { parameterAccepts, ResolvedTemplate } from './support/resolve-template';

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
const CODE = { CodeBucket: 'iam-server-certificate-expiry-code-bucket', CodeKey: 'iam-server-certificate-expiry-rule-0123456789abcdef.zip' };
const RUNBOOK = 'https://wiki.example.com/runbooks/iam-server-certificates';

/** Each rule's InputParameters for these parameter values, as Config receives them. */
function inputParameters(given: Record<string, string>): { expired: Record<string, TemplateValue>; expiring: Record<string, TemplateValue> } {
  const resolved = new ResolvedTemplate(template, { ...CODE, ...given });
  return {
    expired: mapping(resolved.properties('ExpiredCertificateRule')['InputParameters'], 'expired InputParameters'),
    expiring: mapping(resolved.properties('ExpiringCertificateRule')['InputParameters'], 'expiring InputParameters'),
  };
}

/** Config refuses blank input parameter values ("Blank spaces are not acceptable for input parameter"). */
function blankValues(parameters: Record<string, TemplateValue>): string[] {
  return Object.entries(parameters)
    .filter(([, value]) => typeof value !== 'string' || value.trim() === '')
    .map(([key]) => key);
}

describe('templates/member-account-stack.yml (per-account roll-out)', () => {
  it('M1: has no per-account parameter or resource: the same template for every account', () => {
    expect(Object.keys(parameters).sort()).toEqual([
      'CodeBucket',
      'CodeKey',
      'DaysToExpiration',
      'MaxExceptionDays',
      'MaximumExecutionFrequency',
      'OwnerTagKey',
      'RunbookUrl',
      'SecurityHubFindings',
      'TagOverrides',
    ]);
    expect(JSON.stringify(template)).not.toMatch(/\d{12}/);
  });

  it('M2: crosses no account: no AssumeRole, no foreign principal, invoked only by its own account\'s Config', () => {
    const permissions = JSON.stringify([properties('FunctionRole')['Policies'], properties('SecurityHubFindingsPolicy'), properties('TagOverridesPolicy')]);
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
    const { expired, expiring } = inputParameters({ DaysToExpiration: '45' });
    expect(parseRuleParameters(JSON.stringify(expired))).toEqual({ ...DEFAULT_RULE_PARAMETERS, daysToExpiration: 0 });
    expect(parseRuleParameters(JSON.stringify(expiring))).toEqual({ ...DEFAULT_RULE_PARAMETERS, daysToExpiration: 45 });
  });

  it('M4b: with SecurityHubFindings, only the expiring rule imports findings, both name owners by OwnerTagKey, and the runbook URL reaches the findings', () => {
    const { expired, expiring } = inputParameters({ SecurityHubFindings: 'true', OwnerTagKey: 'cost-center:owner', RunbookUrl: RUNBOOK });
    const expiredRule = parseRuleParameters(JSON.stringify(expired));
    const expiringRule = parseRuleParameters(JSON.stringify(expiring));

    expect(expiredRule.securityHubFindings).toBe(false);
    expect(expiringRule.securityHubFindings).toBe(true);
    expect([ownerTagKeyOf(expiredRule), ownerTagKeyOf(expiringRule)]).toEqual(['cost-center:owner', 'cost-center:owner']);
    expect(expiringRule.runbookUrl).toBe(RUNBOOK);
    // The defaults: the rule's own owner tag and runbook.
    const byDefault = inputParameters({ SecurityHubFindings: 'true' });
    expect(ownerTagKeyOf(parseRuleParameters(JSON.stringify(byDefault.expired)))).toBe('owner');
    expect(parseRuleParameters(JSON.stringify(byDefault.expiring))).toMatchObject({ securityHubFindings: true, ownerTagKey: 'owner', runbookUrl: DEFAULT_RULE_PARAMETERS.runbookUrl });
  });

  it('M4c: never sends a blank input parameter, whatever the owner tag and runbook', () => {
    for (const SecurityHubFindings of ['true', 'false']) {
      for (const RunbookUrl of ['', RUNBOOK]) {
        const { expired, expiring } = inputParameters({ SecurityHubFindings, RunbookUrl });
        expect([blankValues(expired), blankValues(expiring)]).toEqual([[], []]);
      }
    }
    expect('runbookUrl' in inputParameters({ SecurityHubFindings: 'true', RunbookUrl: '' }).expiring).toBe(false);
    // A blank owner tag never gets that far: CloudFormation refuses the parameter.
    expect(() => inputParameters({ SecurityHubFindings: 'true', OwnerTagKey: '' })).toThrow(/OwnerTagKey/);
    // Without findings, no owner tag is read: nothing beyond the window reaches the rules.
    const off = inputParameters({ OwnerTagKey: 'team', RunbookUrl: RUNBOOK });
    expect([Object.keys(off.expired), Object.keys(off.expiring)]).toEqual([['daysToExpiration'], ['daysToExpiration']]);
  });

  it('M4d: accepts for OwnerTagKey and RunbookUrl only values the rule accepts', () => {
    const ownerTagKey = mapping(parameters['OwnerTagKey'], 'OwnerTagKey');
    const runbookUrl = mapping(parameters['RunbookUrl'], 'RunbookUrl');
    const rule = (key: 'ownerTagKey' | 'runbookUrl', value: string): string | undefined => {
      try {
        return parseRuleParameters(JSON.stringify({ [key]: value }))[key];
      } catch {
        return undefined;
      }
    };

    for (const value of ['owner', 'Owner Team', 'aws:cloudformation:stack-name', 'équipe', 'a'.repeat(128)]) expect([value, parameterAccepts(ownerTagKey, value)]).toEqual([value, true]);
    for (const value of ['', ' ', ' owner', 'owner ', 'a'.repeat(129), 'owner*', 'owner#1']) expect([value, parameterAccepts(ownerTagKey, value)]).toEqual([value, false]);
    for (const value of ['', RUNBOOK, 'https://runbooks.example.com:8443/iam?cert=1#rotate']) expect([value, parameterAccepts(runbookUrl, value)]).toEqual([value, true]);
    for (const value of ['http://wiki.example.com/runbook', 'ftp://example.com/x', 'https://', 'https://wiki example.com/', ' https://x.example.com', `https://example.com/${'a'.repeat(493)}`]) {
      expect([value, parameterAccepts(runbookUrl, value)]).toEqual([value, false]);
    }
    // Everything the template lets through, the rule takes.
    const accepted = (declaration: Record<string, TemplateValue>) =>
      fc.stringMatching(new RegExp(`^(?:${String(declaration['AllowedPattern'])})$`, 'u')).filter((value) => parameterAccepts(declaration, value));
    fc.assert(fc.property(accepted(ownerTagKey), (value) => expect(rule('ownerTagKey', value)).toBe(value)));
    fc.assert(fc.property(accepted(runbookUrl).filter((value) => value !== ''), (value) => expect(rule('runbookUrl', value)).toBeDefined()));
  });

  it('M4e: with TagOverrides, both rules get tagOverrides and maxExceptionDays, which the rule accepts; off, neither', () => {
    for (const SecurityHubFindings of ['true', 'false']) {
      const { expired, expiring } = inputParameters({ SecurityHubFindings, TagOverrides: 'true', MaxExceptionDays: '30' });
      expect([parseRuleParameters(JSON.stringify(expired)), parseRuleParameters(JSON.stringify(expiring))]).toMatchObject([
        { daysToExpiration: 0, tagOverrides: true, maxExceptionDays: 30 },
        { daysToExpiration: 30, tagOverrides: true, maxExceptionDays: 30 },
      ]);
      expect([blankValues(expired), blankValues(expiring)]).toEqual([[], []]);
      const off = inputParameters({ SecurityHubFindings, MaxExceptionDays: '30' });
      expect(['tagOverrides' in off.expired, 'maxExceptionDays' in off.expiring]).toEqual([false, false]);
    }
    // The template's range is the rule's (1 to 365).
    const declaration = mapping(parameters['MaxExceptionDays'], 'MaxExceptionDays');
    expect(['0', '1', '365', '366'].map((value) => parameterAccepts(declaration, value))).toEqual([false, true, true, false]);
    expect(mapping(parameters['TagOverrides'], 'TagOverrides')['Default']).toBe('false');
  });

  it('M4f: uses no YAML alias, which CloudFormation refuses ("YAML aliases are not allowed in CloudFormation templates")', () => {
    expect(yamlAliases(join(ROOT, 'templates', 'member-account-stack.yml'))).toEqual([]);
  });

  it('M5b: grants iam:ListServerCertificateTags only with TagOverrides, on its own certificates', () => {
    const policy = mapping(resources['TagOverridesPolicy'], 'TagOverridesPolicy');
    const statements = list(mapping(properties('TagOverridesPolicy')['PolicyDocument'] as never, 'doc')['Statement'], 'Statement');
    expect(policy['Condition']).toBe('TagOverridesEnabled');
    expect(statements.flatMap(actionsOf)).toEqual(['iam:ListServerCertificateTags']);
    expect(mapping(statements[0], 'statement')['Resource']).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:server-certificate/*' });
    expect(called.has('iam:ListServerCertificateTags')).toBe(true);
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

  it('M6: runs the function as serverless.yml deploys it: runtime, architecture, memory, timeout, environment (Node.js flags, runtime wrapper)', () => {
    const fn = properties('Function');
    const deployedEnvironment = JSON.parse(readFileSync(join(ROOT, 'scripts', 'lambda-environment.json'), 'utf8')) as Record<string, string>;
    expect(fn).toMatchObject({
      Runtime: provider['runtime'],
      Architectures: [provider['architecture']],
      MemorySize: provider['memorySize'],
      Timeout: provider['timeout'],
      Handler: 'src/handler.handler',
      Code: { S3Bucket: { Ref: 'CodeBucket' }, S3Key: { Ref: 'CodeKey' } },
    });
    expect(fn['Environment']).toEqual({ Variables: deployedEnvironment });
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
