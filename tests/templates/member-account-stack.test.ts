import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { EXPIRY_EVENTS_IAM_ACTIONS } from '../../src/adapters/eventbridge-expiry-events';
import { EVALUATION_SCHEDULE_IAM_ACTIONS } from '../../src/adapters/scheduler-evaluation-schedules';
import { SECURITY_HUB_FINDINGS_IAM_ACTIONS } from '../../src/adapters/security-hub-findings';
import { scheduleNameFor } from '../../src/core/evaluation-schedule';
import { EXPIRY_EVENT_SOURCE, ExpiryDetailType } from '../../src/core/expiry-event';
import { DEFAULT_RULE_PARAMETERS, ownerTagKeyOf, parseRuleParameters } from '../../src/core/rule-parameters';
import { USAGE_SCAN_IAM_ACTIONS } from '../../src/usage/required-actions';
import { actionsCalledBy } from '../deploy/support/sdk-actions';
import { actionsOf, list, loadTemplate, mapping, refsIn, yamlAliases, type TemplateValue } from '../../scripts/cloudformation-yaml';
import { inputParametersText, longestInputParameters, longestTemplateValues, MAX_INPUT_PARAMETERS_LENGTH } from '../../scripts/input-parameters-budget';
import { schedulerDroppedAlarm } from './support/scheduler-dropped-alarm';
import { parameterAccepts, ResolvedTemplate, TEST_PSEUDO_PARAMETERS } from '../../scripts/resolve-template';

const ROOT = join(__dirname, '..', '..');
const template = loadTemplate(join(ROOT, 'templates', 'member-account-stack.yml'));
const resources = mapping(template['Resources'], 'Resources');
const parameters = mapping(template['Parameters'], 'Parameters');
const properties = (name: string): Record<string, unknown> => mapping(mapping(resources[name], name)['Properties'], `${name}.Properties`);
const serverless = loadTemplate(join(ROOT, 'serverless.yml'));
const provider = mapping(serverless['provider'], 'provider');

const ASSUME_ROLE = 'sts:AssumeRole';
const usageActions = new Set<string>(USAGE_SCAN_IAM_ACTIONS);
const findingsActions = new Set<string>(SECURITY_HUB_FINDINGS_IAM_ACTIONS);
const eventActions = new Set<string>(EXPIRY_EVENTS_IAM_ACTIONS);
const scheduleActions = new Set<string>(EVALUATION_SCHEDULE_IAM_ACTIONS);
/** What the rule calls in its own account, whatever its settings. */
const always = new Set(
  [...actionsCalledBy(join(ROOT, 'src', 'handler.ts'))].filter(
    (action) => action !== ASSUME_ROLE && !usageActions.has(action) && !findingsActions.has(action) && !eventActions.has(action) && !scheduleActions.has(action),
  ),
);
const CENTRAL_BUS = 'arn:aws:events:us-east-1:999999999999:event-bus/certificate-expiry';
const CODE = { CodeBucket: 'iam-server-certificate-expiry-code-bucket', CodeKey: 'iam-server-certificate-expiry-rule-lambda-1.0.0.zip' };
const RUNBOOK = 'https://wiki.example.com/runbooks/iam-server-certificates';
const ORGANIZATION_ID = 'o-a1b2c3d4e5';
const TAG_READS = 'iam:ListServerCertificateTags';

/** The resources CloudFormation creates for these parameter values, properties resolved. */
function deployed(given: Record<string, string> = {}): Record<string, { type: string; properties: Record<string, TemplateValue> }> {
  const resolved = new ResolvedTemplate(template, { ...CODE, ...given });
  const created: Record<string, { type: string; properties: Record<string, TemplateValue> }> = {};
  for (const [id, raw] of Object.entries(resources)) {
    const resource = mapping(raw, id);
    if (typeof resource['Condition'] === 'string' && !resolved.condition(resource['Condition'])) continue;
    created[id] = { type: String(resource['Type']), properties: resolved.properties(id) };
  }
  return created;
}

/** Each rule's InputParameters for these parameter values, as Config receives them. */
function inputParameters(given: Record<string, string>): { expired: Record<string, TemplateValue>; expiring: Record<string, TemplateValue> } {
  const created = deployed(given);
  return {
    expired: mapping(created['ExpiredCertificateRule']?.properties['InputParameters'], 'expired InputParameters'),
    expiring: mapping(created['ExpiringCertificateRule']?.properties['InputParameters'], 'expiring InputParameters'),
  };
}

/** Every action the function's role may call with these parameter values (its inline policy and each role policy created). */
function grantedActions(given: Record<string, string> = {}): string[] {
  const created = deployed(given);
  const role = created['FunctionRole']?.properties ?? {};
  const inline = list(role['Policies'], 'Policies').flatMap((policy) => list(mapping(mapping(policy, 'policy')['PolicyDocument'], 'doc')['Statement'], 'Statement'));
  // The function's own policies; the scheduler's role (evaluateAtExpiry) has its own.
  const attached = Object.values(created)
    .filter((resource) => resource.type === 'AWS::IAM::RolePolicy' && JSON.stringify(resource.properties['RoleName']) === '{"Ref":"FunctionRole"}')
    .flatMap((resource) => list(mapping(resource.properties['PolicyDocument'], 'doc')['Statement'], 'Statement'));
  return [...inline, ...attached].flatMap(actionsOf).filter((action) => !action.startsWith('logs:'));
}

/** Config refuses blank input parameter values ("Blank spaces are not acceptable for input parameter"). */
function blankValues(parameters: Record<string, TemplateValue>): string[] {
  return Object.entries(parameters)
    .filter(([, value]) => typeof value !== 'string' || value.trim() === '')
    .map(([key]) => key);
}

describe('templates/member-account-stack.yml (one account: a release, a StackSet, CfCT, Service Catalog)', () => {
  it('M1: has no per-account parameter, literal account or name that two stacks could share, but the two rule names', () => {
    expect(Object.keys(parameters).sort()).toEqual(
      [
        'AlertEmail', 'AlertTopicArn', 'CheckUsage', 'CodeBucket', 'CodeKey', 'DaysToExpiration', 'ExecutionRoleName', 'MaxExceptionDays', 'MaximumExecutionFrequency',
        'OrganizationId', 'OrganizationRollout', 'OwnerTagKey', 'RunbookUrl', 'SecurityHubFindings', 'TagOverrides', 'UsageRegions',
        // Expiry events (issue 21 part 1).
        'EventBusArn', 'ExpiryEvents',
        // evaluateAtExpiry (issue 21 part 3).
        'EvaluateAtExpiry', 'ScheduleGroup',
      ].sort(),
    );
    expect(JSON.stringify(template)).not.toMatch(/\d{12}/);
    // Names CloudFormation would otherwise make unique per stack.
    const named = Object.entries(resources).flatMap(([id, resource]) =>
      Object.entries(mapping(mapping(resource, id)['Properties'] ?? {}, id))
        .filter(([key, value]) => /^(FunctionName|RoleName|LogGroupName|TopicName|Name|AlarmName)$/.test(key) && typeof value === 'string')
        .map(([key]) => `${id}.${key}`),
    );
    expect(named).toEqual([]);
    expect(Object.values(deployed()).filter((resource) => resource.type === 'AWS::Config::ConfigRule').map((rule) => rule.properties['ConfigRuleName'])).toEqual([
      'iam-server-certificate-expired',
      'iam-server-certificate-expiring',
    ]);
  });

  it('M2: crosses no account by default: no AssumeRole, no foreign principal, invoked only by its own account\'s Config', () => {
    expect(grantedActions()).not.toContain(ASSUME_ROLE);
    expect(grantedActions({ CheckUsage: 'true', SecurityHubFindings: 'true', TagOverrides: 'true' })).not.toContain(ASSUME_ROLE);
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

  it('M2b: in central mode only, assumes the member role by name within the Organization, and refuses central mode without OrganizationId', () => {
    const statements = list(mapping(deployed({ OrganizationRollout: 'true', OrganizationId: ORGANIZATION_ID })['AssumeMemberRolePolicy']?.properties['PolicyDocument'], 'doc')['Statement'], 'Statement');
    expect(statements).toEqual([
      {
        Sid: 'AssumeMemberRole',
        Effect: 'Allow',
        Action: [ASSUME_ROLE],
        Resource: 'arn:aws:iam::*:role/IamServerCertificateExpiryRule',
        Condition: { StringEquals: { 'aws:ResourceOrgID': ORGANIZATION_ID } },
      },
    ]);
    // CloudFormation's Rules section refuses the stack before anything is created.
    const rule = mapping(mapping(template['Rules'], 'Rules')['OrganizationRolloutNeedsOrganizationId'], 'rule');
    expect(rule['RuleCondition']).toEqual({ 'Fn::Equals': [{ Ref: 'OrganizationRollout' }, 'true'] });
    expect(list(rule['Assertions'], 'Assertions')).toEqual([expect.objectContaining({ Assert: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'OrganizationId' }, ''] }] } })]);
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

  it('M4: takes the window from a parameter for the expiring rule, 0 for the expired one, and only whole days the rule accepts', () => {
    const { expired, expiring } = inputParameters({ DaysToExpiration: '45' });
    expect(parseRuleParameters(JSON.stringify(expired))).toEqual({ ...DEFAULT_RULE_PARAMETERS, daysToExpiration: 0 });
    expect(parseRuleParameters(JSON.stringify(expiring))).toEqual({ ...DEFAULT_RULE_PARAMETERS, daysToExpiration: 45 });
    const days = mapping(parameters['DaysToExpiration'], 'DaysToExpiration');
    for (let value = 0; value <= 3650; value += 1) expect([value, parameterAccepts(days, String(value))]).toEqual([value, true]);
    for (const value of ['', '-1', '3651', '9999', '030', '30.0', '3e1', ' 30', '10000']) expect([value, parameterAccepts(days, value)]).toEqual([value, false]);
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

  it('M4c: with CheckUsage, both rules check usage in UsageRegions, or in the function\'s region when it is empty', () => {
    const regions = inputParameters({ CheckUsage: 'true', UsageRegions: 'us-east-1,eu-west-1' });
    for (const input of [regions.expired, regions.expiring]) expect(parseRuleParameters(JSON.stringify(input))).toMatchObject({ checkUsage: true, usageRegions: ['us-east-1', 'eu-west-1'] });
    const here = inputParameters({ CheckUsage: 'true' });
    for (const input of [here.expired, here.expiring]) {
      expect(parseRuleParameters(JSON.stringify(input))).toMatchObject({ checkUsage: true, usageRegions: undefined });
      expect('usageRegions' in input).toBe(false);
    }
    // UsageRegions alone turns nothing on.
    const off = inputParameters({ UsageRegions: 'eu-west-1' });
    expect([Object.keys(off.expired), Object.keys(off.expiring)]).toEqual([['daysToExpiration'], ['daysToExpiration']]);
  });

  it('M4d: never sends a blank input parameter, whatever the optional values', () => {
    for (const SecurityHubFindings of ['true', 'false']) {
      for (const CheckUsage of ['true', 'false']) {
        for (const RunbookUrl of ['', RUNBOOK]) {
          for (const UsageRegions of ['', 'eu-west-1']) {
            for (const TagOverrides of ['true', 'false']) {
              const { expired, expiring } = inputParameters({ SecurityHubFindings, CheckUsage, RunbookUrl, UsageRegions, TagOverrides });
              expect([blankValues(expired), blankValues(expiring)]).toEqual([[], []]);
            }
          }
        }
      }
    }
    expect('runbookUrl' in inputParameters({ SecurityHubFindings: 'true', RunbookUrl: '' }).expiring).toBe(false);
    // A blank owner tag never gets that far: CloudFormation refuses the parameter.
    expect(() => inputParameters({ SecurityHubFindings: 'true', OwnerTagKey: '' })).toThrow(/OwnerTagKey/);
    // Without findings, no owner tag is read: nothing beyond the window reaches the rules.
    const off = inputParameters({ OwnerTagKey: 'team', RunbookUrl: RUNBOOK });
    expect([Object.keys(off.expired), Object.keys(off.expiring)]).toEqual([['daysToExpiration'], ['daysToExpiration']]);
  });

  it('M4e: accepts for OwnerTagKey, RunbookUrl and UsageRegions only values the rule accepts, none of which JSON has to escape', () => {
    const ownerTagKey = mapping(parameters['OwnerTagKey'], 'OwnerTagKey');
    const runbookUrl = mapping(parameters['RunbookUrl'], 'RunbookUrl');
    const usageRegions = mapping(parameters['UsageRegions'], 'UsageRegions');
    const rule = (key: 'ownerTagKey' | 'runbookUrl' | 'usageRegions', value: string): unknown => {
      try {
        return parseRuleParameters(JSON.stringify({ [key]: value }))[key];
      } catch {
        return undefined;
      }
    };

    for (const value of ['owner', 'Owner Team', 'aws:cloudformation:stack-name', 'équipe', 'a'.repeat(128)]) expect([value, parameterAccepts(ownerTagKey, value)]).toEqual([value, true]);
    for (const value of ['', ' ', ' owner', 'owner ', 'a'.repeat(129), 'owner*', 'owner#1', 'owner"']) expect([value, parameterAccepts(ownerTagKey, value)]).toEqual([value, false]);
    for (const value of ['', RUNBOOK, 'https://runbooks.example.com:8443/iam?cert=1#rotate', `https://example.com/${'a'.repeat(236)}`]) expect([value, parameterAccepts(runbookUrl, value)]).toEqual([value, true]);
    for (const value of ['http://wiki.example.com/runbook', 'ftp://example.com/x', 'https://', 'https://wiki example.com/', ' https://x.example.com', `https://example.com/${'a'.repeat(237)}`, 'https://x.example.com/"', 'https://x.example.com/\\', 'https://x.example.com/<b>']) {
      expect([value, parameterAccepts(runbookUrl, value)]).toEqual([value, false]);
    }
    // 160 characters at most, as in the conformance pack: 16 regions of 9 characters fit (159), 17 do not (169).
    const regions = (count: number): string => Array.from({ length: count }, () => 'us-east-1').join(',');
    for (const value of ['', 'us-east-1', 'us-east-1,eu-west-1,us-gov-west-1,cn-northwest-1,ap-southeast-5', regions(16)]) expect([value, parameterAccepts(usageRegions, value)]).toEqual([value, true]);
    for (const value of ['us-east-1, eu-west-1', 'us-east-1,', 'US-EAST-1', 'everywhere', regions(17)]) expect([value, parameterAccepts(usageRegions, value)]).toEqual([value, false]);
    // Everything the template lets through, the rule takes, and JSON writes as it is (the length budget counts characters as given).
    const accepted = (declaration: Record<string, TemplateValue>) =>
      fc.stringMatching(new RegExp(`^(?:${String(declaration['AllowedPattern'])})$`, 'u')).filter((value) => parameterAccepts(declaration, value));
    const needsNoEscape = (value: string): boolean => JSON.stringify(value).length === value.length + 2;
    fc.assert(fc.property(accepted(ownerTagKey), (value) => expect([rule('ownerTagKey', value), needsNoEscape(value)]).toEqual([value, true])));
    fc.assert(fc.property(accepted(runbookUrl).filter((value) => value !== ''), (value) => expect([rule('runbookUrl', value) !== undefined, needsNoEscape(value)]).toEqual([true, true])));
    fc.assert(fc.property(accepted(usageRegions).filter((value) => value !== ''), (value) => expect([rule('usageRegions', value) !== undefined, needsNoEscape(value)]).toEqual([true, true])));
  });

  it('M4f: with TagOverrides, both rules get tagOverrides and maxExceptionDays, which the rule accepts; off, neither', () => {
    for (const SecurityHubFindings of ['true', 'false']) {
      const { expired, expiring } = inputParameters({ SecurityHubFindings, TagOverrides: 'true', MaxExceptionDays: '30' });
      expect([parseRuleParameters(JSON.stringify(expired)), parseRuleParameters(JSON.stringify(expiring))]).toMatchObject([
        { daysToExpiration: 0, tagOverrides: true, maxExceptionDays: 30 },
        { daysToExpiration: 30, tagOverrides: true, maxExceptionDays: 30 },
      ]);
      const off = inputParameters({ SecurityHubFindings, MaxExceptionDays: '30' });
      expect(['tagOverrides' in off.expired, 'maxExceptionDays' in off.expired, 'tagOverrides' in off.expiring, 'maxExceptionDays' in off.expiring]).toEqual([false, false, false, false]);
    }
    expect(mapping(parameters['TagOverrides'], 'TagOverrides')['Default']).toBe('false');
    // The template's range is the rule's (1 to 365), written out as DaysToExpiration's: no "090" or "90.0", which the rule refuses.
    const declaration = mapping(parameters['MaxExceptionDays'], 'MaxExceptionDays');
    expect(declaration['Default']).toBe(String(DEFAULT_RULE_PARAMETERS.maxExceptionDays));
    for (let value = 1; value <= 365; value += 1) expect([value, parameterAccepts(declaration, String(value))]).toEqual([value, true]);
    for (const value of ['', '0', '366', '090', '90.0', '9e1', ' 90', '1000']) expect([value, parameterAccepts(declaration, value)]).toEqual([value, false]);
  });

  it('M4h: with ExpiryEvents, only the expiring rule sends events, to EventBusArn or the default bus; off, neither key is sent', () => {
    const central = inputParameters({ ExpiryEvents: 'true', EventBusArn: CENTRAL_BUS });
    expect([parseRuleParameters(JSON.stringify(central.expired)), parseRuleParameters(JSON.stringify(central.expiring))]).toMatchObject([
      { expiryEvents: false, eventBusArn: undefined },
      { expiryEvents: true, eventBusArn: CENTRAL_BUS },
    ]);
    const byDefault = inputParameters({ ExpiryEvents: 'true' });
    expect([byDefault.expiring['expiryEvents'], 'eventBusArn' in byDefault.expiring]).toEqual(['true', false]);
    // Events name the owner and the runbook without Security Hub findings too (Owner, RunbookUrl in their detail).
    expect(parseRuleParameters(JSON.stringify(inputParameters({ ExpiryEvents: 'true', OwnerTagKey: 'team', RunbookUrl: RUNBOOK }).expiring))).toMatchObject({ ownerTagKey: 'team', runbookUrl: RUNBOOK, securityHubFindings: false });
    expect(byDefault.expiring).toMatchObject({ ownerTagKey: 'owner' });
    expect(byDefault.expiring).not.toHaveProperty('runbookUrl');
    expect(byDefault.expired).not.toHaveProperty('ownerTagKey');
    // A bus named while events are off reaches no rule (the rule would refuse it: src/core/rule-parameters.ts).
    const off = inputParameters({ EventBusArn: CENTRAL_BUS });
    expect([Object.keys(off.expired), Object.keys(off.expiring)]).toEqual([['daysToExpiration'], ['daysToExpiration']]);
    // Exactly that bus, and the rule's source only; the account's default bus without one.
    const statement = (given: Record<string, string>) => mapping(list(mapping(deployed(given)['ExpiryEventsPolicy']?.properties['PolicyDocument'] ?? null, 'doc')['Statement'], 'Statement')[0] ?? null, 'statement');
    expect(statement({ ExpiryEvents: 'true', EventBusArn: CENTRAL_BUS })).toEqual({
      Sid: 'PutExpiryEvents',
      Effect: 'Allow',
      Action: ['events:PutEvents'],
      Resource: CENTRAL_BUS,
      Condition: { StringEquals: { 'events:source': EXPIRY_EVENT_SOURCE }, 'ForAllValues:StringEquals': { 'events:detail-type': Object.values(ExpiryDetailType) } },
    });
    expect(statement({ ExpiryEvents: 'true' })['Resource']).toBe(`arn:aws:events:us-east-1:${TEST_PSEUDO_PARAMETERS['AWS::AccountId']}:event-bus/default`);
    expect(deployed({ EventBusArn: CENTRAL_BUS })).not.toHaveProperty('ExpiryEventsPolicy');
    const declaration = mapping(parameters['EventBusArn'], 'EventBusArn');
    for (const value of ['', CENTRAL_BUS, 'arn:aws-cn:events:cn-north-1:999999999999:event-bus/default']) expect([value, parameterAccepts(declaration, value)]).toEqual([value, true]);
    for (const value of ['certificate-expiry', 'arn:aws:sns:us-east-1:999999999999:t', `${CENTRAL_BUS}/x`, `arn:aws:events:us-east-1:999999999999:event-bus/${'b'.repeat(60)}`]) {
      expect([value, parameterAccepts(declaration, value)]).toEqual([value, false]);
    }
  });

  it('M4g: uses no YAML alias, which CloudFormation refuses ("YAML aliases are not allowed in CloudFormation templates")', () => {
    expect(yamlAliases(join(ROOT, 'templates', 'member-account-stack.yml'))).toEqual([]);
  });

  it('M5: grants exactly what the rule calls in its account; the usage, findings and AssumeRole calls only when turned on', () => {
    expect(grantedActions().sort()).toEqual([...always].sort());
    expect(grantedActions({ CheckUsage: 'true' }).sort()).toEqual([...always, ...usageActions].sort());
    expect(grantedActions({ SecurityHubFindings: 'true' }).sort()).toEqual([...always, ...findingsActions].sort());
    expect(grantedActions({ OrganizationRollout: 'true', OrganizationId: ORGANIZATION_ID }).sort()).toEqual([...always, ASSUME_ROLE].sort());
    // Tag overrides need the tag reads only; with findings on as well, the findings policy grants them once, not twice.
    expect(grantedActions({ TagOverrides: 'true' }).sort()).toEqual([...always, TAG_READS].sort());
    expect(grantedActions({ TagOverrides: 'true', SecurityHubFindings: 'true' }).sort()).toEqual([...always, ...findingsActions].sort());
    // Expiry events name each certificate's owner: they read its tags.
    expect(grantedActions({ ExpiryEvents: 'true' }).sort()).toEqual([...always, ...eventActions, TAG_READS].sort());
    expect(grantedActions({ EventBusArn: CENTRAL_BUS }).sort()).toEqual([...always].sort());
    expect(grantedActions({ EvaluateAtExpiry: 'true' }).sort()).toEqual([...always, ...scheduleActions, 'iam:PassRole'].sort());
    const everything = grantedActions({ CheckUsage: 'true', SecurityHubFindings: 'true', TagOverrides: 'true', ExpiryEvents: 'true', OrganizationRollout: 'true', OrganizationId: ORGANIZATION_ID, EvaluateAtExpiry: 'true' })
      // Not a call the code makes: what CreateSchedule and UpdateSchedule need to hand Scheduler its role.
      .filter((action) => action !== 'iam:PassRole');
    expect(everything.filter((action) => action.includes('*'))).toEqual([]);
    expect(new Set(everything)).toEqual(new Set(actionsCalledBy(join(ROOT, 'src', 'handler.ts'))));
  });

  it('M5b: grants each action the same way serverless.yml grants it', () => {
    const statements = (value: unknown): TemplateValue[] => list(mapping(value as TemplateValue, 'doc')['Statement'], 'Statement');
    const serverlessResources = mapping(mapping(serverless['resources'], 'resources')['Resources'], 'Resources');
    const serverlessRole = list(mapping(mapping(provider['iam'], 'iam')['role'], 'role')['statements'], 'statements');
    const serverlessPolicy = (id: string): string[] => statements(mapping(mapping(serverlessResources[id], id)['Properties'], id)['PolicyDocument']).flatMap(actionsOf);
    const stackPolicy = (id: string): string[] => statements(properties(id)['PolicyDocument']).flatMap(actionsOf);
    const inline = list(properties('FunctionRole')['Policies'] as never, 'Policies').flatMap((policy) => statements(mapping(policy, 'policy')['PolicyDocument'])).flatMap(actionsOf);

    expect(inline.filter((action) => !action.startsWith('logs:')).sort()).toEqual(serverlessRole.flatMap(actionsOf).sort());
    expect(stackPolicy('UsageCheckPolicy').sort()).toEqual(serverlessPolicy('UsageCheckPolicy').sort());
    expect(stackPolicy('SecurityHubFindingsPolicy').sort()).toEqual(serverlessPolicy('SecurityHubFindingsPolicy').sort());
    expect(stackPolicy('AssumeMemberRolePolicy').sort()).toEqual(serverlessPolicy('AssumeMemberRolePolicy').sort());
    expect(stackPolicy('TagOverridesPolicy')).toEqual([TAG_READS]);
    expect(stackPolicy('TagOverridesPolicy')).toEqual(serverlessPolicy('TagOverridesPolicy'));
    expect(stackPolicy('ExpiryEventsPolicy')).toEqual([...EXPIRY_EVENTS_IAM_ACTIONS]);
    expect(stackPolicy('ExpiryEventsPolicy')).toEqual(serverlessPolicy('ExpiryEventsPolicy'));
    const tagReads = list(mapping(properties('TagOverridesPolicy')['PolicyDocument'] as never, 'doc')['Statement'], 'Statement');
    expect(mapping(tagReads[0] ?? null, 'statement')['Resource']).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:server-certificate/*' });
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
    expect(deployed()['LogGroup']?.properties).toEqual({ RetentionInDays: 90 });
  });

  it('M7: references only declared parameters, resources, conditions and pseudo parameters', () => {
    const declared = new Set([...Object.keys(parameters), ...Object.keys(resources)]);
    expect(refsIn(template['Resources']).filter((name) => !declared.has(name) && !name.startsWith('AWS::'))).toEqual([]);
    const conditions = new Set(Object.keys(mapping(template['Conditions'], 'Conditions')));
    const usedConditions = JSON.stringify(template).match(/"(?:Condition|Fn::If)":\s*\[?"(\w+)"/g) ?? [];
    expect(usedConditions.map((use) => /"(\w+)"$/.exec(use)?.[1] ?? '').filter((name) => !conditions.has(name))).toEqual([]);
  });

  it('M8: keeps every rule\'s InputParameters within the 1,024 characters Config takes, with every value at its longest, expiry events and evaluateAtExpiry on', () => {
    const longest = longestInputParameters(template);
    expect(longest.map((rule) => rule.rule).sort()).toEqual(['iam-server-certificate-expired', 'iam-server-certificate-expiring']);
    expect(longest.filter((rule) => rule.unbounded.length > 0 || rule.length > MAX_INPUT_PARAMETERS_LENGTH)).toEqual([]);
    // The figures docs/parameters.md gives (the scheduler role's name counted as IAM's longest, 64).
    expect(Object.fromEntries(longest.map((rule) => [rule.rule, rule.length]))).toEqual({ 'iam-server-certificate-expired': 574, 'iam-server-certificate-expiring': 1017 });
    // The same with real values of the longest length each parameter accepts, which the rule accepts too.
    const given = longestTemplateValues();
    // CloudFormation names the scheduler role, within IAM's 64 characters (CreateRole RoleName).
    const named = (parameters: Record<string, TemplateValue>): Record<string, TemplateValue> => ({ ...parameters, schedulerRole: `stack-SchedulerRole-${'R'.repeat(64 - 20)}` });
    const { expired, expiring } = inputParameters(given);
    expect([given.RunbookUrl.length, given.UsageRegions.length, given.EventBusArn.length]).toEqual([256, 159, 100]);
    expect(parseRuleParameters(inputParametersText(named(expiring)))).toMatchObject({
      daysToExpiration: 3650,
      checkUsage: true,
      securityHubFindings: true,
      tagOverrides: true,
      maxExceptionDays: 365,
      expiryEvents: true,
      eventBusArn: given.EventBusArn,
      evaluateAtExpiry: true,
      scheduleGroup: given.ScheduleGroup,
    });
    expect(inputParametersText(named(expired)).length).toBeLessThanOrEqual(MAX_INPUT_PARAMETERS_LENGTH);
    expect(inputParametersText(named(expiring)).length).toBe(1016);
    // One character more in either value CloudFormation refuses, before Config could.
    expect(() => deployed({ ...given, UsageRegions: `${given.UsageRegions},a` })).toThrow(/UsageRegions/);
    expect(() => deployed({ ...given, ScheduleGroup: 'g'.repeat(33) })).toThrow(/ScheduleGroup/);
  });

  it('M9: outputs the function and role ARNs, both rule names, the log group, and the alert topic when alerting is on', () => {
    const outputs = mapping(template['Outputs'], 'Outputs');
    const resolved = new ResolvedTemplate(template, { ...CODE, AlertEmail: 'secops@example.com' });
    expect(Object.keys(outputs).sort()).toEqual(['AlertTopicArn', 'ExpiredRuleName', 'ExpiringRuleName', 'FunctionArn', 'FunctionRoleArn', 'LogGroupName', 'SchedulerRoleName'].sort());
    expect(mapping(outputs['SchedulerRoleName'], 'o')).toMatchObject({ Condition: 'EvaluateAtExpiryEnabled', Value: { Ref: 'SchedulerRole' } });
    expect(resolved.output('FunctionArn')).toEqual({ 'Fn::GetAtt': ['Function', 'Arn'] });
    expect(resolved.output('FunctionRoleArn')).toEqual({ 'Fn::GetAtt': ['FunctionRole', 'Arn'] });
    expect([mapping(outputs['ExpiredRuleName'], 'o')['Value'], mapping(outputs['ExpiringRuleName'], 'o')['Value']]).toEqual([{ Ref: 'ExpiredCertificateRule' }, { Ref: 'ExpiringCertificateRule' }]);
    expect(mapping(outputs['AlertTopicArn'], 'o')['Condition']).toBe('AlertingEnabled');
    expect(new ResolvedTemplate(template, { ...CODE, AlertTopicArn: 'arn:aws:sns:us-east-1:111122223333:security' }).output('AlertTopicArn')).toBe('arn:aws:sns:us-east-1:111122223333:security');
  });

  it('M10: alerts as serverless.yml does: nothing by default; a topic, its policy and the email with AlertEmail; only the event rule with AlertTopicArn', () => {
    const alerting = (given: Record<string, string>): string[] =>
      Object.entries(deployed(given))
        .filter(([, resource]) => /SNS|Events/.test(resource.type))
        .map(([id]) => id)
        .sort();
    const topic = 'arn:aws:sns:us-east-1:111122223333:security';
    expect(alerting({})).toEqual([]);
    expect(deployed()['RuleErrorsAlarm']?.properties).not.toHaveProperty('AlarmActions');
    expect(alerting({ AlertEmail: 'secops@example.com' })).toEqual(['AlertEmailSubscription', 'AlertTopic', 'AlertTopicPolicy', 'NonCompliantAlertRule']);
    expect(deployed({ AlertEmail: 'secops@example.com' })['RuleErrorsAlarm']?.properties['AlarmActions']).toEqual([{ Ref: 'AlertTopic' }]);
    expect(alerting({ AlertTopicArn: topic })).toEqual(['NonCompliantAlertRule']);
    expect(deployed({ AlertTopicArn: topic })['RuleErrorsAlarm']?.properties['AlarmActions']).toEqual([topic]);
    const target = mapping(list(deployed({ AlertTopicArn: topic, RunbookUrl: RUNBOOK })['NonCompliantAlertRule']?.properties['Targets'], 'Targets')[0], 'target');
    const message = String(mapping(target['InputTransformer'], 'InputTransformer')['InputTemplate']);
    expect(message).toContain(`Runbook: ${RUNBOOK}"`);
    // An SNS target gets the template as JSON: a quoted string stays plain text.
    expect(typeof JSON.parse(message.replace(/<\w+>/g, 'x'))).toBe('string');
    expect(() => deployed({ AlertEmail: 'not an address' })).toThrow(/AlertEmail/);
    expect(() => deployed({ AlertTopicArn: 'security-alerts' })).toThrow(/AlertTopicArn/);
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

// --- evaluateAtExpiry (issue 21 part 3) ---
describe('templates/member-account-stack.yml with EvaluateAtExpiry', () => {
  const on = { EvaluateAtExpiry: 'true' };

  it('MS1: off by default: no scheduler role, no schedule policy, no new key in either rule', () => {
    const created = deployed();
    expect(['SchedulerRole', 'SchedulerRolePolicy', 'EvaluationSchedulePolicy'].filter((id) => created[id] !== undefined)).toEqual([]);
    const { expired, expiring } = inputParameters({});
    for (const parameters of [expired, expiring]) for (const key of ['evaluateAtExpiry', 'schedulerRole', 'scheduleGroup']) expect(parameters).not.toHaveProperty(key);
  });

  it('MS2: gives both rules evaluateAtExpiry and the scheduler role, and the schedule group only when it is not default; the rule accepts them', () => {
    const { expired, expiring } = inputParameters(on);
    for (const parameters of [expired, expiring]) {
      expect(parameters).toMatchObject({ evaluateAtExpiry: 'true', schedulerRole: { Ref: 'SchedulerRole' } });
      expect(parameters).not.toHaveProperty('scheduleGroup');
      const withName = { ...parameters, schedulerRole: 'stack-SchedulerRole-ABCDEFGHIJKL' };
      expect(parseRuleParameters(inputParametersText(withName))).toMatchObject({ evaluateAtExpiry: true, schedulerRole: 'stack-SchedulerRole-ABCDEFGHIJKL', scheduleGroup: 'default' });
    }
    expect(inputParameters({ ...on, ScheduleGroup: 'cert-expiry' }).expiring).toMatchObject({ scheduleGroup: 'cert-expiry' });
    expect(() => deployed({ ...on, ScheduleGroup: 'my group' })).toThrow(/ScheduleGroup/);
  });

  it('MS3: the scheduler role is trusted by this account\'s Scheduler only and may start the two rules\' evaluations, nothing else', () => {
    const created = deployed(on);
    expect(created['SchedulerRole']?.properties).toEqual({
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' }, ArnEquals: { 'aws:SourceArn': 'arn:aws:scheduler:us-east-1:111122223333:schedule-group/default' } } }],
      },
    });
    expect(created['SchedulerRolePolicy']?.properties).toEqual({
      RoleName: { Ref: 'SchedulerRole' },
      PolicyName: 'start-rule-evaluations',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'StartRuleEvaluations',
            Effect: 'Allow',
            Action: ['config:StartConfigRulesEvaluation'],
            Resource: [{ 'Fn::GetAtt': ['ExpiredCertificateRule', 'Arn'] }, { 'Fn::GetAtt': ['ExpiringCertificateRule', 'Arn'] }],
          },
        ],
      },
    });
  });

  it('MS4: the function may keep only the two rules\' schedules in the group, and pass only the scheduler role, only to Scheduler', () => {
    const statements = list(mapping(deployed({ ...on, ScheduleGroup: 'cert-expiry' })['EvaluationSchedulePolicy']?.properties['PolicyDocument'] ?? null, 'doc')['Statement'], 'Statement');
    expect(statements).toEqual([
      {
        Sid: 'KeepEvaluationSchedules',
        Effect: 'Allow',
        Action: [...EVALUATION_SCHEDULE_IAM_ACTIONS],
        Resource: [
          `arn:aws:scheduler:us-east-1:111122223333:schedule/cert-expiry/${scheduleNameFor('iam-server-certificate-expired')}`,
          `arn:aws:scheduler:us-east-1:111122223333:schedule/cert-expiry/${scheduleNameFor('iam-server-certificate-expiring')}`,
        ],
      },
      { Sid: 'PassSchedulerRole', Effect: 'Allow', Action: ['iam:PassRole'], Resource: { 'Fn::GetAtt': ['SchedulerRole', 'Arn'] }, Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } } },
    ]);
    expect(deployed(on)['EvaluationSchedulePolicy']?.properties['RoleName']).toEqual({ Ref: 'FunctionRole' });
  });

  it('MS6: alarms on the schedule group\'s AWS/Scheduler InvocationDroppedCount to the alert topic, only with EvaluateAtExpiry', () => {
    const topic = 'arn:aws:sns:us-east-1:111122223333:security';
    expect(deployed({ AlertTopicArn: topic })['SchedulerDroppedAlarm']).toBeUndefined();
    expect(deployed({ ...on, ScheduleGroup: 'cert-expiry', AlertTopicArn: topic })['SchedulerDroppedAlarm']?.properties).toMatchObject({ ...schedulerDroppedAlarm('cert-expiry'), AlarmActions: [topic] });
    expect(deployed({ ...on, AlertEmail: 'secops@example.com' })['SchedulerDroppedAlarm']?.properties['AlarmActions']).toEqual([{ Ref: 'AlertTopic' }]);
    expect(deployed(on)['SchedulerDroppedAlarm']?.properties).not.toHaveProperty('AlarmActions');
  });

  it('MS7: the schedule names the function may write are exactly those the rule computes for the two rules the stack creates', () => {
    const names = ['ExpiredCertificateRule', 'ExpiringCertificateRule'].map((id) => scheduleNameFor(String(properties(id)['ConfigRuleName'])));
    const statement = mapping(list(mapping(deployed(on)['EvaluationSchedulePolicy']?.properties['PolicyDocument'] ?? null, 'doc')['Statement'], 'Statement')[0] ?? null, 'statement');
    expect(list(statement['Resource'] ?? null, 'Resource').map((arn) => String(arn).split('/').pop())).toEqual(names);
  });

  it('MS5: grants the schedule calls as serverless.yml does', () => {
    const serverlessResources = mapping(mapping(serverless['resources'], 'resources')['Resources'], 'Resources');
    const actions = (document: TemplateValue | undefined): string[] => list(mapping(document ?? null, 'doc')['Statement'], 'Statement').flatMap(actionsOf).sort();
    expect(actions(properties('EvaluationSchedulePolicy')['PolicyDocument'] as TemplateValue)).toEqual(actions(mapping(mapping(serverlessResources['EvaluationSchedulePolicy'], 'p')['Properties'], 'p')['PolicyDocument']));
    expect(actions(properties('SchedulerRolePolicy')['PolicyDocument'] as TemplateValue)).toEqual(actions(mapping(mapping(serverlessResources['SchedulerRolePolicy'], 'p')['Properties'], 'p')['PolicyDocument']));
  });
});
// --- end evaluateAtExpiry ---
