import type { AggregateEvaluation, AggregateReader, AggregatorSources, RuleInstance } from '../../../src/adapters/config-aggregate-types';
import type { OrganizationAccounts } from '../../../src/adapters/organization-accounts';
import type { RuleDeploymentProof } from '../../../src/adapters/organization-rule-proof';
import { runCli } from '../../../src/cli/run-cli';
import { evaluateCertificate } from '../../../src/core/evaluate-certificate';
import { cert, fakeEnvironment, NOW } from '../fake-environment';

const [A, B, C, D] = ['111111111111', '222222222222', '333333333333', '444444444444'] as const;
/** Organization rules, as Config names them in member accounts. */
const RULES = [
  { name: 'OrgConfigRule-iam-server-certificate-expired-dbgzf8ba', days: 0 },
  { name: 'OrgConfigRule-iam-server-certificate-expiring-dbgzf8ba', days: 30 },
] as const;

/** What the administrator's GetOrganizationConfigRuleDetailedStatus says in us-east-1: both organization rules in every account. */
const PROOF: RuleDeploymentProof = {
  readable: true,
  conformancePack: 'iam-server-certificate-expiry',
  regions: new Map([['us-east-1', { organizationRules: new Map([A, B, C, D].map((account) => [account, new Set(RULES.map((rule) => rule.name))])), packAccounts: new Set<string>() }]]),
};

/** Both rules' results for one certificate `daysLeft` from NOW in `accountId`. */
function certificateResults(accountId: string, daysLeft: number): AggregateEvaluation[] {
  return RULES.map((rule) => {
    const { complianceType, annotation } = evaluateCertificate(cert(`c-${accountId}`, daysLeft), NOW, { daysToExpiration: rule.days });
    return { ruleName: rule.name, accountId, region: 'us-east-1', resourceType: 'AWS::IAM::ServerCertificate', resourceId: `ASCA${accountId}`, complianceType, annotation, recordedAt: NOW, invokedAt: NOW };
  });
}

/** Both rules' account-level result in an account without certificates: NOT_APPLICABLE on `AWS::::Account`. */
function accountResults(accountId: string): AggregateEvaluation[] {
  return RULES.map((rule) => ({
    ruleName: rule.name,
    accountId,
    region: 'us-east-1',
    resourceType: 'AWS::::Account',
    resourceId: accountId,
    complianceType: 'NOT_APPLICABLE',
    annotation: 'No IAM server certificates in this account.',
    recordedAt: NOW,
    invokedAt: NOW,
  }));
}

/**
 * A Config aggregator holding `results`; the rule listing shows a rule in an
 * account only when it has COMPLIANT or NON_COMPLIANT results there (Config:
 * "does not display rules that do not have compliance results"), unless
 * `listsAll`. Recorded certificates: those with results, plus `alsoRecorded`.
 */
function aggregator(sources: AggregatorSources, results: readonly AggregateEvaluation[], options: { listsAll?: boolean; alsoRecorded?: readonly string[] } = {}) {
  const asked: RuleInstance[] = [];
  const reader: AggregateReader = {
    sources: async () => sources,
    sourceStatuses: async () => [],
    ruleInstances: async () => {
      const listed = results.filter((result) => options.listsAll === true || result.complianceType !== 'NOT_APPLICABLE');
      return [...new Map(listed.map((result) => [`${result.ruleName}/${result.accountId}`, { ruleName: result.ruleName, accountId: result.accountId, region: result.region }])).values()];
    },
    evaluations: async (_aggregator, instance) => {
      asked.push(instance);
      return results.filter((result) => result.ruleName === instance.ruleName && result.accountId === instance.accountId && result.region === instance.region);
    },
    certificates: async () => [
      ...results.filter((result) => result.resourceType === 'AWS::IAM::ServerCertificate').filter((result, index, all) => all.findIndex((other) => other.resourceId === result.resourceId) === index),
      ...(options.alsoRecorded ?? []).map((resourceId) => ({ accountId: A, region: 'us-east-1', resourceId, complianceType: '', ruleName: '' })),
    ].map((result) => ({ accountId: result.accountId, region: result.region, resourceId: result.resourceId, resourceName: undefined })),
  };
  return { reader, asked };
}

const ORGANIZATION: AggregatorSources = { kind: 'organization', accountIds: [], regions: ['us-east-1'] };
const listing = (...accounts: Array<[string, string | undefined]>): OrganizationAccounts => ({ readable: true, accounts: accounts.map(([id, state]) => ({ id, state })) });

describe('report --aggregator: coverage of an organization', () => {
  it('compares an organization aggregator with AWS Organizations and lists every ACTIVE account that sent nothing as missing', async () => {
    const { reader } = aggregator(ORGANIZATION, [...certificateResults(A, 100), ...certificateResults(B, 100)]);
    const fake = fakeEnvironment({ ruleDeployments: PROOF, aggregates: reader, organization: listing([A, 'ACTIVE'], [B, 'ACTIVE'], [C, 'ACTIVE'], [D, 'SUSPENDED']) });

    const code = await runCli(['report', '--aggregator', 'org'], fake.environment);

    expect(code).toBe(1);
    expect(fake.organizationReads()).toBe(1);
    expect(fake.stdout()).toContain(
      `MISSING ${C}: no result of the deployment's rules and no recorded IAM server certificates in the aggregator, nor any source status (asked for OrgConfigRule-iam-server-certificate-expired-dbgzf8ba, OrgConfigRule-iam-server-certificate-expiring-dbgzf8ba in us-east-1 directly: no result)\n`,
    );
    expect(fake.stdout()).not.toContain(`MISSING ${D}`);
    expect(fake.stdout()).toMatch(/\n2 of 3 accounts read\n$/);
    expect(fake.stderr()).toContain('1 of 3 accounts could not be read and are listed as missing');
  });

  it('says the coverage is unverified, in every format, and exits 1 when AWS Organizations cannot be read, even with nothing missing or expired', async () => {
    const { reader } = aggregator(ORGANIZATION, certificateResults(A, 100));
    const fake = fakeEnvironment({ ruleDeployments: PROOF, aggregates: reader, organization: { readable: false, reason: "AccessDeniedException: You don't have permissions to access this resource." } });

    const code = await runCli(['report', '--aggregator', 'org', '--html', 'org.html'], fake.environment);

    expect(code).toBe(1);
    const text = fake.stdout();
    expect(text).not.toMatch(/accounts read\n/);
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      "COVERAGE UNVERIFIED: Config does not list an organization's accounts, and AWS Organizations' list could not be read (AccessDeniedException: You don't have permissions to access this resource.), so accounts that sent nothing cannot be counted. Results from 1 account read; how many accounts sent nothing is unknown.",
    );
    expect(fake.stderr()).toContain("coverage unverified: Config does not list an organization's accounts");
    const html = fake.written.get('org.html') ?? '';
    expect(html).toContain('<span id="account-count">unverified: 1 read, total unknown</span>');
    expect(html).toContain('<section class="missing" id="coverage-unverified"><h2>Coverage unverified</h2>');
    expect(html).not.toContain('account-count">1 of 1');
    expect(html).toContain('<span class="number">?</span> accounts missing (coverage unverified)');

    const json = fakeEnvironment({ ruleDeployments: PROOF, aggregates: reader });
    expect(await runCli(['report', '--aggregator', 'org', '--json'], json.environment)).toBe(1);
    const report = JSON.parse(json.stdout()) as { coverage: { verified: boolean; reason?: string }; missing: unknown[] };
    expect(report.coverage).toEqual({ verified: false, reason: expect.stringContaining('AccessDeniedException') });
    expect(report.missing).toEqual([]);
  });

  it('does not ask AWS Organizations for an account aggregator, whose description lists its accounts', async () => {
    const { reader } = aggregator({ kind: 'accounts', accountIds: [A], regions: ['us-east-1'] }, certificateResults(A, 100));
    const fake = fakeEnvironment({ ruleDeployments: PROOF, aggregates: reader });

    expect(await runCli(['report', '--aggregator', 'org'], fake.environment)).toBe(0);
    expect(fake.organizationReads()).toBe(0);
    expect(fake.stdout()).toMatch(/\n1 of 1 accounts read\n$/);
  });

  it.each([
    ['Config lists the rule with only NOT_APPLICABLE results', true, 0],
    ['Config does not list it, and the report asks for the rules by name', false, 2],
  ])('counts an account whose only results are the rules\' account-level NOT_APPLICABLE as covered, without a row (%s)', async (_case, listsAll, probes) => {
    const { reader, asked } = aggregator(ORGANIZATION, [...certificateResults(A, 100), ...accountResults(B)], { listsAll });
    const fake = fakeEnvironment({ ruleDeployments: PROOF, aggregates: reader, organization: listing([A, 'ACTIVE'], [B, 'ACTIVE']) });

    const code = await runCli(['report', '--aggregator', 'org', '--json'], fake.environment);

    expect(code).toBe(0);
    const report = JSON.parse(fake.stdout()) as { accounts: string[]; missing: unknown[]; certificates: { accountId: string }[]; coverage: { verified: boolean } };
    expect(report.accounts).toEqual([A, B]);
    expect(report.missing).toEqual([]);
    expect(report.certificates.map((row) => row.accountId)).toEqual([A]);
    expect(report.coverage.verified).toBe(true);
    expect(asked.filter((instance) => instance.accountId === B)).toHaveLength(probes + (listsAll ? 2 : 0));
  });

  it('lists an account whose recorded certificate no rule of the deployment judged as missing', async () => {
    const { reader } = aggregator({ kind: 'accounts', accountIds: [A], regions: ['us-east-1'] }, certificateResults(A, 100), { alsoRecorded: ['ASCANEW'] });
    const fake = fakeEnvironment({ ruleDeployments: PROOF, aggregates: reader });

    expect(await runCli(['report', '--aggregator', 'org'], fake.environment)).toBe(1);
    expect(fake.stdout()).toContain(`MISSING ${A}: 1 of 2 recorded IAM server certificates with no result of the deployment's rules (NOT_EVALUATED)\n`);
    expect(fake.stdout()).toMatch(/ASCANEW\s+\?\s+\?\s+unknown\s+NOT_EVALUATED/);
  });
});

describe('report --aggregator expiry states', () => {
  it('still exits 2 for an expired certificate when coverage is verified', async () => {
    const { reader } = aggregator(ORGANIZATION, certificateResults(A, -1));
    const fake = fakeEnvironment({ ruleDeployments: PROOF, aggregates: reader, organization: listing([A, 'ACTIVE']) });

    expect(await runCli(['report', '--aggregator', 'org'], fake.environment)).toBe(2);
    expect(fake.stdout()).toMatch(/\n1 of 1 accounts read\n$/);
  });
});
