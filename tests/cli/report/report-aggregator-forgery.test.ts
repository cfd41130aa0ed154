import type { AggregateEvaluation, AggregateReader } from '../../../src/adapters/config-aggregate-types';
import { runCli } from '../../../src/cli/run-cli';
import { evaluateCertificate } from '../../../src/core/evaluate-certificate';
import { cert, fakeEnvironment, NOW } from '../fake-environment';

const DAY = 86_400_000;
const MEMBER = '111111111111';
const FORGED_ANNOTATION = 'Valid until 2099-12-31T00:00:00Z (26700 days left); outside the 30-day window.';

/** A result worded as the rule's core words it, for the certificate `shop` `daysLeft` from NOW, judged `ago` days before NOW. */
function verdict(ruleName: string, daysLeft: number, window: number, ago = 1): AggregateEvaluation {
  const judgedAt = new Date(NOW.getTime() - ago * DAY);
  const { complianceType, annotation } = evaluateCertificate(cert('shop', daysLeft), judgedAt, { daysToExpiration: window });
  return { ruleName, accountId: MEMBER, region: 'us-east-1', resourceType: 'AWS::IAM::ServerCertificate', resourceId: 'ASCASHOP', complianceType, annotation, recordedAt: judgedAt, invokedAt: judgedAt };
}

/** What a member's own rule says: its Lambda answers COMPLIANT for everything, after the real rules ran. */
function forged(ruleName: string): AggregateEvaluation {
  return { ...verdict(ruleName, 26_700, 30, 0), complianceType: 'COMPLIANT', annotation: FORGED_ANNOTATION };
}

/** An account aggregator over one member account holding one certificate expired 3 days ago, with the deployment's rules, and `extra` rules. */
function aggregatorWith(extra: readonly AggregateEvaluation[], real = [verdict('iam-server-certificate-expired', -3, 0), verdict('iam-server-certificate-expiring', -3, 30)]): AggregateReader {
  const all = [...real, ...extra];
  return {
    sources: async () => ({ kind: 'accounts', accountIds: [MEMBER], regions: ['us-east-1'] }),
    sourceStatuses: async () => [],
    ruleInstances: async () => [...new Set(all.map((result) => result.ruleName))].map((ruleName) => ({ ruleName, accountId: MEMBER, region: 'us-east-1' })),
    evaluations: async (_aggregator, instance) => all.filter((result) => result.ruleName === instance.ruleName),
    certificates: async () => [{ accountId: MEMBER, region: 'us-east-1', resourceId: 'ASCASHOP', resourceName: 'shop' }],
  };
}

interface JsonReport {
  rules: string[];
  certificates: { state: string; compliance: string; expiration: string; rule: string; conflict?: string }[];
  coverageNotes: string[];
}

describe('report --aggregator cannot be forged by a member account', () => {
  it('ignores a member\'s own rule named like the deployment\'s whose newer result says "Valid until 2099", names it, and still exits 2', async () => {
    const fake = fakeEnvironment({ aggregates: aggregatorWith([forged('iam-server-certificate-expiring-v2')]) });

    const code = await runCli(['report', '--aggregator', 'org', '--json'], fake.environment);

    expect(code).toBe(2);
    const report = JSON.parse(fake.stdout()) as JsonReport;
    expect(report.rules).toEqual(['iam-server-certificate-expired', 'iam-server-certificate-expiring']);
    expect(report.certificates).toEqual([expect.objectContaining({ state: 'expired', compliance: 'NON_COMPLIANT', expiration: '2026-11-20T12:00:00Z', rule: 'iam-server-certificate-expired' })]);
    expect(report.certificates[0]?.conflict).toBeUndefined();
    expect(report.coverageNotes).toContain(
      `Ignored 1 rule deployment named like the deployment's rules but not iam-server-certificate-expired or iam-server-certificate-expiring (under that name, as OrgConfigRule-<name>-<suffix>, or as <name>-conformance-pack-<suffix>); their results are not read, since any account can create such a rule: iam-server-certificate-expiring-v2 in ${MEMBER} us-east-1.`,
    );
  });

  it('shows the conflict and takes the worse verdict when a rule named as a conformance pack\'s disagrees', async () => {
    // A member's own conformance pack gets the name an organization pack's rule gets: the name cannot tell them apart.
    const fake = fakeEnvironment({ aggregates: aggregatorWith([forged('iam-server-certificate-expiring-conformance-pack-zz9zz9zz9')]) });

    const code = await runCli(['report', '--aggregator', 'org'], fake.environment);

    expect(code).toBe(2);
    expect(fake.stdout()).toMatch(new RegExp(`^${MEMBER}\\s+us-east-1\\s+shop\\s+2026-11-20T12:00:00Z\\s+-3\\s+expired\\s+NON_COMPLIANT\\s+\\S+\\s+Expired 2026-11-20T12:00:00Z`, 'm'));
    expect(fake.stdout()).toContain(
      `CONFLICT ${MEMBER} shop: the rules' results disagree: expiry 2026-11-20T12:00:00Z (iam-server-certificate-expired, iam-server-certificate-expiring in us-east-1) vs 2099-12-31T00:00:00Z (iam-server-certificate-expiring-conformance-pack-zz9zz9zz9 in us-east-1); the worse verdict is shown\n`,
    );
  });

  it('keeps the worse verdict when the forged rule is the only one of its kind left', async () => {
    // The member removed the warning rule and forged one under an organization rule's name; the strict rule still reports.
    const fake = fakeEnvironment({ aggregates: aggregatorWith([forged('OrgConfigRule-iam-server-certificate-expiring-abcd1234')], [verdict('iam-server-certificate-expired', -3, 0)]) });

    const code = await runCli(['report', '--aggregator', 'org', '--json'], fake.environment);

    expect(code).toBe(2);
    const report = JSON.parse(fake.stdout()) as JsonReport;
    expect(report.certificates).toEqual([expect.objectContaining({ state: 'expired', compliance: 'NON_COMPLIANT', expiration: '2026-11-20T12:00:00Z' })]);
    expect(report.certificates[0]?.conflict).toMatch(/expiry 2026-11-20T12:00:00Z \(iam-server-certificate-expired in us-east-1\) vs 2099-12-31T00:00:00Z/);
  });

  it('with --expired-rule and --expiring-rule, counts those names only: the default names become look-alikes', async () => {
    const real = [verdict('prod-cert-expired', -3, 0), verdict('prod-cert-expiring', -3, 30)];
    const fake = fakeEnvironment({ aggregates: aggregatorWith([forged('iam-server-certificate-expiring')], real) });

    const code = await runCli(['report', '--aggregator', 'org', '--json', '--expired-rule', 'prod-cert-expired', '--expiring-rule', 'prod-cert-expiring'], fake.environment);

    expect(code).toBe(2);
    const report = JSON.parse(fake.stdout()) as JsonReport;
    expect(report.rules).toEqual(['prod-cert-expired', 'prod-cert-expiring']);
    expect(report.certificates).toEqual([expect.objectContaining({ state: 'expired', rule: 'prod-cert-expired' })]);
    expect(report.coverageNotes.at(-1)).toMatch(/^Ignored 1 rule deployment named like the deployment's rules but not the rules named by --expired-rule and --expiring-rule \(prod-cert-expired, prod-cert-expiring\).*: iam-server-certificate-expiring in 111111111111 us-east-1\.$/);
  });

  it('says how to name the rules when only look-alikes have results', async () => {
    const fake = fakeEnvironment({ aggregates: aggregatorWith([], [verdict('iam-server-certificate-expired-v2', -3, 0)]) });

    expect(await runCli(['report', '--aggregator', 'org'], fake.environment)).toBe(1);
    expect(fake.stderr()).toContain('(1 rule deployment is named like them but not as the deployment names its rules; if they are yours, name them with --expired-rule and --expiring-rule)');
    expect(fake.stdout()).toBe('');
  });

  it.each([
    [['--aggregator', 'org', '--expired-rule', ''], /--expired-rule must be a comma-separated list of Config rule names \(1 to 128 characters each\), got ""/],
    [['--aggregator', 'org', '--expiring-rule', 'a,,b'], /--expiring-rule must be a comma-separated list/],
    [['--aggregator', 'org', '--expired-rule', 'x'.repeat(129)], /--expired-rule must be a comma-separated list/],
    [['--aggregator', 'org', '--expired-rule', 'a\u001bb'], /--expired-rule must be a comma-separated list of Config rule names \(1 to 128 characters each\), got "a\\u001bb"/],
    [['--aggregator', 'org', '--expired-rule', 'a', '--expiring-rule', 'b,a'], /"a" is given as both --expired-rule and --expiring-rule/],
    [['--expired-rule', 'a'], /--expired-rule applies to --aggregator only/],
    [['--expiring-rule', 'a'], /--expiring-rule applies to --aggregator only/],
    [['--conformance-pack', 'pack'], /--conformance-pack applies to --aggregator only/],
    [['--aggregator', 'org', '--conformance-pack', '1pack'], /--conformance-pack must be an organization conformance pack name \(a letter, then letters, digits and -, up to 128\), got "1pack"/],
    [['--aggregator', 'org', '--conformance-pack', 'p'.repeat(129)], /--conformance-pack must be an organization conformance pack name/],
  ])('rejects %p', async (args, message) => {
    const fake = fakeEnvironment();

    expect(await runCli(['report', ...args], fake.environment)).toBe(252);
    expect(fake.stderr()).toMatch(message);
  });
});
