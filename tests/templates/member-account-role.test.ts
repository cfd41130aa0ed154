import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { EXPIRY_EVENTS_IAM_ACTIONS } from '../../src/adapters/eventbridge-expiry-events';
import { SECURITY_HUB_FINDINGS_IAM_ACTIONS } from '../../src/adapters/security-hub-findings';
import { parseRuleParameters } from '../../src/core/rule-parameters';
import { resolveAccountAccess } from '../../src/rule/account-access';
import { USAGE_SCAN_IAM_ACTIONS } from '../../src/usage/required-actions';
import { actionsCalledBy } from '../deploy/support/sdk-actions';
import { actionsOf, list, loadTemplate, mapping, refsIn, type TemplateValue } from '../../scripts/cloudformation-yaml';
import { parameterAccepts, ResolvedTemplate, TEST_PSEUDO_PARAMETERS } from '../../scripts/resolve-template';

const ROOT = join(__dirname, '..', '..');
const template = loadTemplate(join(ROOT, 'templates', 'member-account-role.yml'));
const resources = mapping(template['Resources'], 'Resources');
const parameters = mapping(template['Parameters'], 'Parameters');
const role = mapping(resources['ExecutionRole'], 'ExecutionRole');
const roleProperties = mapping(role['Properties'], 'ExecutionRole.Properties');

/** What the rule calls in the evaluated account: everything the bundle's code calls but AssumeRole, which only the central role makes. */
// Central mode refuses evaluateAtExpiry (src/rule/account-access.ts, docs/organization.md): the member role never keeps schedules.
const memberActions = new Set([...actionsCalledBy(join(ROOT, 'src', 'handler.ts'))].filter((action) => action !== 'sts:AssumeRole' && !action.startsWith('scheduler:')));
const usageActions = new Set<string>(USAGE_SCAN_IAM_ACTIONS);
const findingsActions = new Set<string>(SECURITY_HUB_FINDINGS_IAM_ACTIONS);
const eventActions = new Set<string>(EXPIRY_EVENTS_IAM_ACTIONS);

const CENTRAL_ACCOUNT = '999999999999';
const MEMBER_ACCOUNT = TEST_PSEUDO_PARAMETERS['AWS::AccountId'];
const CENTRAL_LAMBDA_ROLE_ARN = `arn:aws:iam::${CENTRAL_ACCOUNT}:role/iam-cert-expiry-prod-us-east-1-rule`;

/**
 * The ARN IAM gives a role: `arn:<partition>:iam::<account>:role<path><name>`,
 * the path starting and ending with "/" (IAM User Guide, "IAM identifiers",
 * IAM ARNs: arn:aws:iam::123456789012:role/application_abc/component_xyz/RDSAccess).
 */
function roleArnIamGives(properties: Record<string, TemplateValue>): string {
  return `arn:${TEST_PSEUDO_PARAMETERS['AWS::Partition']}:iam::${MEMBER_ACCOUNT}:role${String(properties['Path'])}${String(properties['RoleName'])}`;
}

/** The role the central function assumes in the member account for a rule with this ExecutionRoleName. */
function roleTheRuleAssumes(executionRoleName: string): string | undefined {
  const access = resolveAccountAccess(
    {
      accountId: MEMBER_ACCOUNT,
      executionRoleArn: undefined,
      configRuleArn: `arn:aws:config:us-east-1:${MEMBER_ACCOUNT}:config-rule/config-rule-a1b2c3`,
      configRuleName: 'iam-server-certificate-expired',
    },
    parseRuleParameters(JSON.stringify({ ExecutionRoleName: executionRoleName })),
    CENTRAL_ACCOUNT,
  );
  return access.kind === 'assume' ? access.roleArn : undefined;
}

function conditionalPolicy(name: string): { condition: unknown; actions: Set<string> } {
  const policy = mapping(resources[name], name);
  const document = mapping(mapping(policy['Properties'], `${name}.Properties`)['PolicyDocument'], 'PolicyDocument');
  return { condition: policy['Condition'], actions: new Set(list(document['Statement'], 'Statement').flatMap(actionsOf)) };
}

function statementsOfInlinePolicies(): TemplateValue[] {
  return list(roleProperties['Policies'], 'Policies').flatMap((policy) =>
    list(mapping(mapping(policy, 'policy')['PolicyDocument'], 'PolicyDocument')['Statement'], 'Statement'),
  );
}

describe('templates/member-account-role.yml', () => {
  it('declares only the role and its optional usage-scan and Security Hub policies', () => {
    expect(Object.fromEntries(Object.entries(resources).map(([name, resource]) => [name, mapping(resource, name)['Type']]))).toEqual({
      ExecutionRole: 'AWS::IAM::Role',
      UsageScanPolicy: 'AWS::IAM::RolePolicy',
      SecurityHubFindingsPolicy: 'AWS::IAM::RolePolicy',
      TagOverridesPolicy: 'AWS::IAM::RolePolicy',
      ExpiryEventsPolicy: 'AWS::IAM::RolePolicy',
    });
  });

  it('names the role by a parameter whose default is the central deploy default executionRoleName', () => {
    const serverless = readFileSync(join(ROOT, 'serverless.yml'), 'utf8');
    const centralDefault = /^\s*executionRoleName:\s*(\S+)\s*$/m.exec(serverless)?.[1];

    expect(roleProperties['RoleName']).toEqual({ Ref: 'RoleName' });
    expect(mapping(parameters['RoleName'], 'RoleName')['Default']).toBe('IamServerCertificateExpiryRule');
    expect(centralDefault).toBe('IamServerCertificateExpiryRule');
  });

  it('puts the role under the RolePath parameter, "/" by default', () => {
    expect(roleProperties['Path']).toEqual({ Ref: 'RolePath' });
    expect(mapping(parameters['RolePath'], 'RolePath')['Default']).toBe('/');
  });

  it('accepts the IAM paths the rule accepts, and refuses the others (IAM API reference, CreateRole Path)', () => {
    const rolePath = mapping(parameters['RolePath'], 'RolePath');
    const accepted = ['/', '/service-role/', '/division_abc/subdivision_xyz/', '/a.b@c+d=e,f-g/', `/${'a'.repeat(510)}/`];
    const refused = ['', 'service-role/', '/service-role', 'service-role', '//', '/a//b/', '/a b/', '/é/', `/${'a'.repeat(511)}/`, `/${Array.from({ length: 33 }, () => 'a').join('/')}/`];

    expect(accepted.filter((path) => !parameterAccepts(rolePath, path))).toEqual([]);
    expect(refused.filter((path) => parameterAccepts(rolePath, path))).toEqual([]);
    // Whatever path the template takes, the rule takes that path plus the role name as ExecutionRoleName.
    const pattern = new RegExp(`^(?:${String(rolePath['AllowedPattern'])})$`);
    fc.assert(
      fc.property(
        fc.stringMatching(pattern).filter((path) => parameterAccepts(rolePath, path)),
        (path) => {
          expect(parseRuleParameters(JSON.stringify({ ExecutionRoleName: `${path.slice(1)}IamServerCertificateExpiryRule` })).executionRoleName).toBe(
            `${path.slice(1)}IamServerCertificateExpiryRule`,
          );
        },
      ),
    );
  });

  it.each([
    ['/service-role/', 'service-role/IamServerCertificateExpiryRule'],
    ['/', 'IamServerCertificateExpiryRule'],
  ])('with RolePath=%s, creates the role the rule assumes for ExecutionRoleName=%s', (rolePath, executionRoleName) => {
    const resolved = new ResolvedTemplate(template, { RolePath: rolePath, CentralLambdaRoleArn: CENTRAL_LAMBDA_ROLE_ARN });
    const role = resolved.properties('ExecutionRole');
    const arn = roleArnIamGives(role);

    expect(arn).toBe(`arn:aws:iam::${MEMBER_ACCOUNT}:role/${executionRoleName}`);
    expect(roleTheRuleAssumes(executionRoleName)).toBe(arn);
    // The output names the value to give ExecutionRoleName; the rule reads it to the same role.
    expect(roleTheRuleAssumes(String(resolved.output('ExecutionRoleName')))).toBe(arn);
    // And serverless.yml's executionRoleName, which goes into the policy ARN as it is (`role/<name>`), no leading slash.
    expect(resolved.output('ExecutionRoleName')).toBe(executionRoleName);
  });

  it('trusts only the parameterised central Lambda role, for sts:AssumeRole only', () => {
    const trust = mapping(roleProperties['AssumeRolePolicyDocument'], 'AssumeRolePolicyDocument');

    expect(list(trust['Statement'], 'trust Statement')).toEqual([
      { Effect: 'Allow', Principal: { AWS: { Ref: 'CentralLambdaRoleArn' } }, Action: 'sts:AssumeRole' },
    ]);
    const pattern = new RegExp(`^${String(mapping(parameters['CentralLambdaRoleArn'], 'CentralLambdaRoleArn')['AllowedPattern'])}$`);
    expect(pattern.test('arn:aws:iam::111111111111:role/rule-prod-us-east-1-lambdaRole')).toBe(true);
    expect(pattern.test('*')).toBe(false);
    expect(pattern.test('arn:aws:iam::111111111111:root')).toBe(false);
  });

  it('grants exactly the actions the rule calls in a member account, the optional ones only with their switch', () => {
    const always = new Set(statementsOfInlinePolicies().flatMap(actionsOf));
    const usage = conditionalPolicy('UsageScanPolicy');
    const findings = conditionalPolicy('SecurityHubFindingsPolicy');

    expect([...always].sort()).toEqual([...memberActions].filter((action) => !usageActions.has(action) && !findingsActions.has(action) && !eventActions.has(action)).sort());
    expect([...usage.actions].sort()).toEqual([...usageActions].sort());
    expect(usage.condition).toBe('UsageCheckEnabled');
    expect([...findings.actions].sort()).toEqual([...findingsActions].sort());
    expect(findings.condition).toBe('SecurityHubFindingsEnabled');
    // Tag overrides need only the tag reads, with their own switch (EnableTagOverrides).
    const tagOverrides = conditionalPolicy('TagOverridesPolicy');
    expect([...tagOverrides.actions]).toEqual(['iam:ListServerCertificateTags']);
    expect(tagOverrides.condition).toBe('TagReadsWithoutFindings');
    expect(mapping(parameters['EnableTagOverrides'], 'EnableTagOverrides')['Default']).toBe('false');
    // Expiry events: the member account's credentials put them (central mode), with their own switch (EnableExpiryEvents).
    const events = conditionalPolicy('ExpiryEventsPolicy');
    expect([...events.actions]).toEqual([...eventActions]);
    expect(events.condition).toBe('ExpiryEventsEnabled');
    expect(mapping(parameters['EnableExpiryEvents'], 'EnableExpiryEvents')['Default']).toBe('false');
    // Whatever the code calls in the account is granted by one of the four.
    expect([...memberActions].filter((action) => !always.has(action) && !usage.actions.has(action) && !findings.actions.has(action) && !events.actions.has(action))).toEqual([]);
    expect(always).toEqual(new Set(['iam:ListServerCertificates', 'iam:GetServerCertificate', 'config:PutEvaluations', 'config:GetComplianceDetailsByConfigRule', 'config:ListDiscoveredResources']));
  });

  // Expiry events name owners (the pack sends ownerTagKey with ExpiryEvents, findings or not): they read tags too.
  it.each([
    ['none of them', 'false', 'false', 'false', 0],
    ['Security Hub findings', 'true', 'false', 'false', 1],
    ['tag overrides', 'false', 'true', 'false', 1],
    ['findings and tag overrides', 'true', 'true', 'false', 1],
    ['expiry events alone', 'false', 'false', 'true', 1],
    ['expiry events and findings', 'true', 'false', 'true', 1],
    ['expiry events and tag overrides', 'false', 'true', 'true', 1],
    ['all three', 'true', 'true', 'true', 1],
  ])('grants iam:ListServerCertificateTags once at most, with %s', (_case, findings, overrides, events, times) => {
    const resolved = new ResolvedTemplate(template, {
      CentralLambdaRoleArn: CENTRAL_LAMBDA_ROLE_ARN,
      EnableSecurityHubFindings: findings,
      EnableTagOverrides: overrides,
      EnableExpiryEvents: events,
    });
    const granted = Object.entries(resources)
      .filter(([, resource]) => {
        const condition = mapping(resource, 'resource')['Condition'];
        return typeof condition !== 'string' || resolved.condition(condition);
      })
      .flatMap(([name]) => {
        const document = resolved.properties(name)['PolicyDocument'];
        const inline = name === 'ExecutionRole' ? statementsOfInlinePolicies() : list(mapping(document ?? null, 'PolicyDocument')['Statement'], 'Statement');
        return inline.flatMap(actionsOf);
      });
    expect(granted.filter((action) => action === 'iam:ListServerCertificateTags')).toHaveLength(times);
  });

  it('lets the central Lambda put this account\'s expiry events on exactly EventBusArn, or this account\'s default bus, with the rule\'s source only (issue 21 part 1)', () => {
    const bus = 'arn:aws:events:us-east-1:999999999999:event-bus/certificate-expiry';
    const statementWith = (given: Record<string, string>) => {
      const resolved = new ResolvedTemplate(template, { CentralLambdaRoleArn: CENTRAL_LAMBDA_ROLE_ARN, ...given });
      return resolved.condition('ExpiryEventsEnabled') ? list(mapping(resolved.properties('ExpiryEventsPolicy')['PolicyDocument'] ?? null, 'doc')['Statement'], 'Statement')[0] : undefined;
    };
    expect(statementWith({ EnableExpiryEvents: 'true', EventBusArn: bus })).toEqual({
      Sid: 'PutExpiryEvents',
      Effect: 'Allow',
      Action: ['events:PutEvents'],
      Resource: bus,
      Condition: { StringEquals: { 'events:source': 'iam-server-certificate-expiry' } },
    });
    expect(mapping(statementWith({ EnableExpiryEvents: 'true' }) ?? null, 'statement')['Resource']).toBe(`arn:aws:events:us-east-1:${MEMBER_ACCOUNT}:event-bus/default`);
    expect(statementWith({ EventBusArn: bus })).toBeUndefined();
    expect(parameterAccepts(mapping(parameters['EventBusArn'], 'EventBusArn'), 'certificate-expiry')).toBe(false);
  });

  it('allows only, with no wildcard actions, and reads certificates of its own account only', () => {
    const statements = statementsOfInlinePolicies().map((statement) => mapping(statement, 'statement'));

    expect(statements.every((statement) => statement['Effect'] === 'Allow')).toBe(true);
    expect(statements.flatMap(actionsOf).filter((action) => action.includes('*'))).toEqual([]);
    const read = statements.find((statement) => actionsOf(statement).includes('iam:GetServerCertificate'));
    expect(read?.['Resource']).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:server-certificate/*' });
  });

  it('references only declared parameters and pseudo parameters', () => {
    const declared = new Set([...Object.keys(parameters), ...Object.keys(resources)]);

    expect(refsIn(template['Resources']).filter((name) => !declared.has(name) && !name.startsWith('AWS::'))).toEqual([]);
  });
});
