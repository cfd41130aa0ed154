import { join } from 'node:path';
import { parseRuleParameters } from '../../src/core/rule-parameters';
import { list, loadTemplate, mapping, refsIn, type TemplateValue } from './support/cloudformation-yaml';

const template = loadTemplate(join(__dirname, '..', '..', 'templates', 'conformance-pack.yml'));
const resources = mapping(template['Resources'], 'Resources');
const parameters = mapping(template['Parameters'], 'Parameters');

const TRIGGERS = ['ScheduledNotification', 'ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification'];

/** A rule's properties, by its ConfigRuleName. */
function ruleNamed(name: string): Record<string, TemplateValue> {
  for (const resource of Object.values(resources)) {
    const properties = mapping(mapping(resource, 'resource')['Properties'], 'Properties');
    if (properties['ConfigRuleName'] === name) return properties;
  }
  throw new Error(`no rule named ${name}`);
}

/** A value with every `{ Ref: parameter }` replaced by the parameter's default. */
function withDefaults(value: TemplateValue | undefined): TemplateValue | undefined {
  if (Array.isArray(value)) return value.map((item) => withDefaults(item) ?? null);
  if (typeof value !== 'object' || value === null) return value;
  const ref = value['Ref'];
  if (typeof ref === 'string') return mapping(parameters[ref], ref)['Default'];
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withDefaults(item) ?? null]));
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
    const expired = parseRuleParameters(JSON.stringify(withDefaults(ruleNamed('iam-server-certificate-expired')['InputParameters'])));
    const expiring = parseRuleParameters(JSON.stringify(withDefaults(ruleNamed('iam-server-certificate-expiring')['InputParameters'])));

    expect(expired).toMatchObject({ daysToExpiration: 0, executionRoleName: 'IamServerCertificateExpiryRule', assumeRoleMode: true });
    expect(expiring).toMatchObject({ daysToExpiration: 30, executionRoleName: 'IamServerCertificateExpiryRule', assumeRoleMode: true });
    expect(ruleNamed('iam-server-certificate-expiring')['InputParameters']).toMatchObject({ daysToExpiration: { Ref: 'DaysToExpiration' }, ExecutionRoleName: { Ref: 'ExecutionRoleName' } });
  });

  it('runs daily by default and declares every parameter as a string', () => {
    expect(mapping(parameters['MaximumExecutionFrequency'], 'MaximumExecutionFrequency')['Default']).toBe('TwentyFour_Hours');
    expect(Object.values(parameters).map((parameter) => mapping(parameter, 'parameter')['Type'])).toEqual(Object.keys(parameters).map(() => 'String'));
  });

  it('references only its own parameters', () => {
    expect(refsIn(template['Resources']).filter((name) => !(name in parameters))).toEqual([]);
  });
});
