import { join } from 'node:path';
import { DEFAULT_OWNER_TAG_KEY, DEFAULT_RULE_PARAMETERS, ownerTagKeyOf, parseRuleParameters, type RuleParameters } from '../../src/core/rule-parameters';
import { list, loadTemplate, mapping, refsIn, yamlAliases, type TemplateValue } from '../../scripts/cloudformation-yaml';
import { documentedBound, inputParametersText, longestInputParameters, longestTemplateValues, MAX_INPUT_PARAMETERS_LENGTH } from '../../scripts/input-parameters-budget';
import { ResolvedTemplate } from '../../scripts/resolve-template';

const template = loadTemplate(join(__dirname, '..', '..', 'templates', 'conformance-pack.yml'));
const resources = mapping(template['Resources'], 'Resources');
const parameters = mapping(template['Parameters'], 'Parameters');

const TRIGGERS = ['ScheduledNotification', 'ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification'];
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:999999999999:function:iam-server-certificate-expiry-rule-prod-rule';
const RUNBOOK = 'https://wiki.example.com/runbooks/iam-server-certificates';

/** A rule's properties, by its ConfigRuleName. */
function ruleNamed(name: string): Record<string, TemplateValue> {
  return mapping(mapping(resources[logicalIdOf(name)], name)['Properties'], 'Properties');
}

function logicalIdOf(ruleName: string): string {
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (mapping(mapping(resource, 'resource')['Properties'], 'Properties')['ConfigRuleName'] === ruleName) return logicalId;
  }
  throw new Error(`no rule named ${ruleName}`);
}

/** Both rules' InputParameters as the pack deploys them with these input parameters. */
function inputParameters(given: Record<string, string> = {}): { expired: Record<string, TemplateValue>; expiring: Record<string, TemplateValue> } {
  const resolved = new ResolvedTemplate(template, { LambdaFunctionArn: FUNCTION_ARN, ...given });
  const of = (name: string) => mapping(resolved.properties(logicalIdOf(name))['InputParameters'], `${name} InputParameters`);
  return { expired: of('iam-server-certificate-expired'), expiring: of('iam-server-certificate-expiring') };
}

/** What the handler makes of a rule's InputParameters. */
function asRule(input: Record<string, TemplateValue>): RuleParameters {
  return parseRuleParameters(JSON.stringify(input));
}

describe('templates/conformance-pack.yml', () => {
  // Conformance pack templates take Parameters, Conditions and Resources of the
  // Config rule and remediation types only (AWS Config Developer Guide, "Conformance Packs").
  it('uses only the sections a conformance pack template allows', () => {
    expect(Object.keys(template).filter((section) => !['Parameters', 'Conditions', 'Resources'].includes(section))).toEqual([]);
  });

  it('declares only Config rules, the two of this project', () => {
    const types = Object.values(resources).map((resource) => mapping(resource, 'resource')['Type']);
    const names = Object.values(resources).map((resource) => mapping(mapping(resource, 'resource')['Properties'], 'Properties')['ConfigRuleName']);

    expect(new Set(types)).toEqual(new Set(['AWS::Config::ConfigRule']));
    expect(names.sort()).toEqual(['iam-server-certificate-expired', 'iam-server-certificate-expiring']);
  });

  it.each(['iam-server-certificate-expired', 'iam-server-certificate-expiring'])('makes %s a custom Lambda rule of the central function, scoped to server certificates, on all three triggers', (name) => {
    const rule = ruleNamed(name);
    const source = mapping(rule['Source'], 'Source');
    const details = list(source['SourceDetails'], 'SourceDetails').map((detail) => mapping(detail, 'SourceDetail'));

    expect(source['Owner']).toBe('CUSTOM_LAMBDA');
    expect(source['SourceIdentifier']).toEqual({ Ref: 'LambdaFunctionArn' });
    expect(rule['Scope']).toEqual({ ComplianceResourceTypes: ['AWS::IAM::ServerCertificate'] });
    expect(details.map((detail) => detail['MessageType'])).toEqual(TRIGGERS);
    expect(details.every((detail) => detail['EventSource'] === 'aws.config')).toBe(true);
    expect(details[0]?.['MaximumExecutionFrequency']).toEqual({ Ref: 'MaximumExecutionFrequency' });
  });

  it('gives the rule parameters the handler accepts: 0 days and a 30-day window by default, and the execution role name', () => {
    const { expired, expiring } = inputParameters();

    expect(asRule(expired)).toEqual({ ...DEFAULT_RULE_PARAMETERS, daysToExpiration: 0, executionRoleName: 'IamServerCertificateExpiryRule' });
    expect(asRule(expiring)).toEqual({ ...DEFAULT_RULE_PARAMETERS, daysToExpiration: 30, executionRoleName: 'IamServerCertificateExpiryRule' });
    expect(asRule(inputParameters({ DaysToExpiration: '60', ExecutionRoleName: 'service-role/Audit' }).expiring)).toMatchObject({
      daysToExpiration: 60,
      executionRoleName: 'service-role/Audit',
    });
  });

  it('offers the Security Hub inputs with the rule\'s own defaults, off unless asked for', () => {
    expect(mapping(parameters['SecurityHubFindings'], 'SecurityHubFindings')['Default']).toBe('false');
    expect(mapping(parameters['OwnerTagKey'], 'OwnerTagKey')['Default']).toBe(DEFAULT_OWNER_TAG_KEY);
    expect(mapping(parameters['RunbookUrl'], 'RunbookUrl')['Default']).toBe('');
    // Off: no finding imported, no owner tag read (the member role then needs no Security Hub grant).
    const { expired, expiring } = inputParameters({ OwnerTagKey: 'team', RunbookUrl: RUNBOOK });
    expect([Object.keys(expired).sort(), Object.keys(expiring).sort()]).toEqual([
      ['ExecutionRoleName', 'daysToExpiration'],
      ['ExecutionRoleName', 'daysToExpiration'],
    ]);
    expect([ownerTagKeyOf(asRule(expired)), ownerTagKeyOf(asRule(expiring))]).toEqual([undefined, undefined]);
  });

  it('with SecurityHubFindings=true, imports findings from the expiring rule only; both rules name owners; the runbook URL reaches the findings', () => {
    const { expired, expiring } = inputParameters({ SecurityHubFindings: 'true', OwnerTagKey: 'cost-center:owner', RunbookUrl: RUNBOOK });
    const expiredRule = asRule(expired);
    const expiringRule = asRule(expiring);

    expect([expiredRule.securityHubFindings, expiringRule.securityHubFindings]).toEqual([false, true]);
    expect([ownerTagKeyOf(expiredRule), ownerTagKeyOf(expiringRule)]).toEqual(['cost-center:owner', 'cost-center:owner']);
    expect(expiringRule.runbookUrl).toBe(RUNBOOK);
    expect([expiredRule.executionRoleName, expiringRule.executionRoleName]).toEqual(['IamServerCertificateExpiryRule', 'IamServerCertificateExpiryRule']);
    // By default both name owners by the rule's default tag, and findings point to the default runbook.
    const byDefault = inputParameters({ SecurityHubFindings: 'true' });
    expect([ownerTagKeyOf(asRule(byDefault.expired)), ownerTagKeyOf(asRule(byDefault.expiring))]).toEqual([DEFAULT_OWNER_TAG_KEY, DEFAULT_OWNER_TAG_KEY]);
    expect(asRule(byDefault.expiring).runbookUrl).toBe(DEFAULT_RULE_PARAMETERS.runbookUrl);
  });

  it('with TagOverrides=true, gives both rules tagOverrides and maxExceptionDays (the rule\'s default when empty); off, neither (issue 21)', () => {
    const on = inputParameters({ TagOverrides: 'true', MaxExceptionDays: '30' });
    expect([asRule(on.expired), asRule(on.expiring)]).toMatchObject([
      { daysToExpiration: 0, tagOverrides: true, maxExceptionDays: 30 },
      { daysToExpiration: 30, tagOverrides: true, maxExceptionDays: 30 },
    ]);
    const byDefault = inputParameters({ TagOverrides: 'true', MaxExceptionDays: '' });
    expect(['maxExceptionDays' in byDefault.expired, 'maxExceptionDays' in byDefault.expiring]).toEqual([false, false]);
    expect(asRule(byDefault.expiring)).toMatchObject({ tagOverrides: true, maxExceptionDays: DEFAULT_RULE_PARAMETERS.maxExceptionDays });
    const off = inputParameters({ MaxExceptionDays: '30' });
    expect([asRule(off.expired).tagOverrides, 'maxExceptionDays' in off.expiring]).toEqual([false, false]);
    expect(mapping(parameters['TagOverrides'], 'TagOverrides')['Default']).toBe('false');
  });

  it('with ExpiryEvents=true, gives the expiring rule alone expiryEvents and EventBusArn, when given; off, neither (issue 21 part 1)', () => {
    const bus = 'arn:aws:events:us-east-1:999999999999:event-bus/certificate-expiry';
    const central = inputParameters({ ExpiryEvents: 'true', EventBusArn: bus });
    expect([asRule(central.expired), asRule(central.expiring)]).toMatchObject([
      { expiryEvents: false, eventBusArn: undefined },
      { expiryEvents: true, eventBusArn: bus },
    ]);
    const byDefault = inputParameters({ ExpiryEvents: 'true' });
    expect([byDefault.expiring['expiryEvents'], 'eventBusArn' in byDefault.expiring]).toEqual(['true', false]);
    const off = inputParameters({ EventBusArn: bus });
    expect(['expiryEvents' in off.expiring, 'eventBusArn' in off.expiring, 'eventBusArn' in off.expired]).toEqual([false, false, false]);
    expect(mapping(parameters['ExpiryEvents'], 'ExpiryEvents')['Default']).toBe('false');
  });

  // docs/operations.md#expiry-events: the events carry Owner and RunbookUrl, findings or not, as serverless.yml's
  // EventsWithoutFindings and the member stack's NamesOwners do; the member role then reads tags (EnableExpiryEvents).
  it('with ExpiryEvents=true and findings off, names owners and the runbook in the expiring rule\'s events; the expired rule sends none', () => {
    const events = inputParameters({ ExpiryEvents: 'true', OwnerTagKey: 'team', RunbookUrl: RUNBOOK });
    expect(events.expiring).toMatchObject({ expiryEvents: 'true', ownerTagKey: 'team', runbookUrl: RUNBOOK });
    expect(ownerTagKeyOf(asRule(events.expiring))).toBe('team');
    expect(asRule(events.expiring)).toMatchObject({ securityHubFindings: false, runbookUrl: RUNBOOK });
    expect(['ownerTagKey' in events.expired, 'runbookUrl' in events.expired]).toEqual([false, false]);
    // Empty inputs stay out (the rule's defaults), as with findings.
    const byDefault = inputParameters({ ExpiryEvents: 'true', OwnerTagKey: '', RunbookUrl: '' });
    expect(['ownerTagKey' in byDefault.expiring, 'runbookUrl' in byDefault.expiring]).toEqual([false, false]);
    expect(inputParameters({ ExpiryEvents: 'true' }).expiring).toMatchObject({ ownerTagKey: DEFAULT_OWNER_TAG_KEY });
  });

  it('uses no YAML alias, which Config\'s CloudFormation parsing refuses', () => {
    expect(yamlAliases(join(__dirname, '..', '..', 'templates', 'conformance-pack.yml'))).toEqual([]);
  });

  // Config refuses blank input parameter values ("Blank spaces are not acceptable for input parameter").
  it('never sends a blank input parameter: empty optional inputs are left out', () => {
    const blanks: string[] = [];
    for (const [SecurityHubFindings, ExpiryEvents] of [['true', 'false'], ['false', 'false'], ['false', 'true'], ['true', 'true']]) {
      for (const OwnerTagKey of ['', 'owner', 'team']) {
        for (const [RunbookUrl, TagOverrides, MaxExceptionDays] of [['', 'true', ''], [RUNBOOK, 'false', '30'], ['', 'false', ''], [RUNBOOK, 'true', '30']]) {
          for (const [CheckUsage, UsageRegions] of [['false', ''], ['true', ''], ['true', 'eu-west-1']]) {
            const given = { SecurityHubFindings: SecurityHubFindings ?? '', ExpiryEvents: ExpiryEvents ?? '', OwnerTagKey, RunbookUrl: RunbookUrl ?? '', TagOverrides: TagOverrides ?? '', MaxExceptionDays: MaxExceptionDays ?? '' };
            const { expired, expiring } = inputParameters({ ...given, CheckUsage: CheckUsage ?? '', UsageRegions: UsageRegions ?? '' });
            for (const [rule, input] of [['expired', expired], ['expiring', expiring]] as const) {
              for (const [key, value] of Object.entries(input)) {
                if (typeof value !== 'string' || value.trim() === '') blanks.push(`${JSON.stringify(given)}/${CheckUsage}/${UsageRegions}: ${rule}.${key}`);
              }
            }
          }
        }
      }
    }
    expect(blanks).toEqual([]);
    const noUrl = inputParameters({ SecurityHubFindings: 'true', OwnerTagKey: '', RunbookUrl: '' });
    expect(['ownerTagKey' in noUrl.expiring, 'runbookUrl' in noUrl.expiring, 'ownerTagKey' in noUrl.expired]).toEqual([false, false, false]);
  });

  // docs/organization.md: the usage check in central mode (the member role then needs EnableUsageCheck=true).
  it('passes the usage check to both rules with CheckUsage=true, in UsageRegions or the central function\'s region', () => {
    const inRegions = inputParameters({ CheckUsage: 'true', UsageRegions: 'us-east-1,eu-west-1' });
    const here = inputParameters({ CheckUsage: 'true' });
    const off = inputParameters({ UsageRegions: 'eu-west-1' });

    expect([asRule(inRegions.expired), asRule(inRegions.expiring)].map((rule) => [rule.checkUsage, rule.usageRegions])).toEqual([
      [true, ['us-east-1', 'eu-west-1']],
      [true, ['us-east-1', 'eu-west-1']],
    ]);
    expect([asRule(here.expired), asRule(here.expiring)].map((rule) => [rule.checkUsage, rule.usageRegions])).toEqual([
      [true, undefined],
      [true, undefined],
    ]);
    expect(['usageRegions' in here.expired, 'checkUsage' in off.expired, 'usageRegions' in off.expiring]).toEqual([false, false, false]);
  });

  // AWS Config API reference, ConfigRule.InputParameters: at most 1,024 characters.
  it('keeps every rule\'s InputParameters within the 1,024 characters Config takes when every input is at the length its description allows', () => {
    const longest = longestInputParameters(template, documentedBound);
    expect(longest.filter((rule) => rule.unbounded.length > 0 || rule.length > MAX_INPUT_PARAMETERS_LENGTH)).toEqual([]);
    // Real values of those lengths, which the rule accepts.
    const given = {
      ExecutionRoleName: `${'p'.repeat(63)}/${'R'.repeat(64)}`,
      // The pack has no evaluateAtExpiry: central mode refuses it.
      ...longestTemplateValues(['evaluateAtExpiry', 'scheduleGroup']),
    };
    const { expired, expiring } = inputParameters(given);
    expect([given.ExecutionRoleName.length, given.UsageRegions.length, given.RunbookUrl.length, given.EventBusArn.length]).toEqual([128, 159, 256, 100]);
    expect(asRule(expiring)).toMatchObject({
      daysToExpiration: 3650,
      checkUsage: true,
      securityHubFindings: true,
      executionRoleName: given.ExecutionRoleName,
      tagOverrides: true,
      maxExceptionDays: 365,
      expiryEvents: true,
      eventBusArn: given.EventBusArn,
    });
    expect([inputParametersText(expired).length, inputParametersText(expiring).length].every((length) => length <= MAX_INPUT_PARAMETERS_LENGTH)).toBe(true);
  });

  it('runs daily by default and declares every parameter as a string', () => {
    expect(mapping(parameters['MaximumExecutionFrequency'], 'MaximumExecutionFrequency')['Default']).toBe('TwentyFour_Hours');
    expect(Object.values(parameters).map((parameter) => mapping(parameter, 'parameter')['Type'])).toEqual(Object.keys(parameters).map(() => 'String'));
  });

  // The condition functions of AWS's own sample conformance packs for optional
  // rule parameters (awslabs/aws-config-rules, aws-config-conformance-packs).
  it('writes its conditions with Fn::Equals and Fn::Not only', () => {
    const functions = (value: TemplateValue | undefined): string[] =>
      typeof value !== 'object' || value === null ? [] : Array.isArray(value) ? value.flatMap(functions) : Object.entries(value).flatMap(([key, item]) => [key, ...functions(item)]);
    const used = new Set(Object.values(mapping(template['Conditions'], 'Conditions')).flatMap(functions).filter((key) => key.startsWith('Fn::') || key === 'Condition'));

    expect([...used].filter((fn) => !['Fn::Equals', 'Fn::Not'].includes(fn))).toEqual([]);
  });

  it('references only its own parameters, and AWS::NoValue', () => {
    expect(refsIn(template['Resources']).filter((name) => !(name in parameters) && name !== 'AWS::NoValue')).toEqual([]);
  });
});
